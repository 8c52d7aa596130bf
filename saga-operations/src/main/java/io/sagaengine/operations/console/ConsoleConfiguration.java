package io.sagaengine.operations.console;

import io.sagaengine.service.security.AccessRules;
import io.sagaengine.service.security.SecurityChainCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The support console: static pages under {@code /console} (no build step of their own) that call the admin API with
 * the console's session. Support staff see, operators also act, as on the admin API. The pages run under a strict
 * Content-Security-Policy: scripts and styles only from the console's own files, no inline code, no other origin.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
@Import(ConsoleSessionController.class)
public class ConsoleConfiguration implements WebMvcConfigurer {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
        registry.addViewController("/console/").setViewName("forward:/console/index.html");
        registry.addViewController("/console/login").setViewName("forward:/console/login.html");
    }

    /** The login page, its assets and the session probe are open; every other console page needs a user. */
    @Bean
    AccessRules consoleAccess() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/console/login", "/console/login.html", "/console/session",
                        "/console/assets/**").permitAll();
    }

    @Bean
    SecurityChainCustomizer consoleHeaders() {
        RequestMatcher console = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.equals("/console") || path.startsWith("/console/");
        };
        return http -> http.headers(headers -> headers
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(console,
                        new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(console,
                        new ReferrerPolicyHeaderWriter(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))));
    }
}
