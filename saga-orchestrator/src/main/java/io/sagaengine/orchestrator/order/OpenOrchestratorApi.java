package io.sagaengine.orchestrator.order;

import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The apps' side of the orchestrator needs no credentials: the order API and the read-only saga view. They have a
 * filter chain of their own, ahead of the shared one, that signs nobody in: an {@code Authorization} header sent
 * there anyway (an app's, a browser's remembered one) is never checked, so a status read costs no password hash and
 * a wrong password does not turn it into a 401. Stateless and without cookies, so without CSRF tokens; the console
 * and the admin API keep theirs in the shared chain. Everything else follows the shared rules (health, info and API
 * docs open; the rest HTTP Basic or a bearer token, with roles).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OpenOrchestratorApi {

    static final String[] PATHS = {"/orders", "/orders/**", "/sagas/**"};

    @Bean
    @Order(ServiceSecurityAutoConfiguration.SHARED_CHAIN_ORDER - 1)
    SecurityFilterChain openOrderAndSagaApi(HttpSecurity http) throws Exception {
        return http.securityMatcher(PATHS)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }
}
