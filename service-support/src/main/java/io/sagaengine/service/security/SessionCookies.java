package io.sagaengine.service.security;

import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Session cookies (a console's sign-in) are {@code Secure} outside the {@code dev} profile, so a browser never sends
 * them over plain HTTP; {@code server.servlet.session.cookie.secure} set explicitly wins.
 */
final class SessionCookies implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    private final Environment environment;

    SessionCookies(Environment environment) {
        this.environment = environment;
    }

    /** After Spring Boot's own customizer (order 0), which replaces the session settings. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        Cookie cookie = factory.getSettings().getSession().getCookie();
        if (cookie.getSecure() == null && !environment.matchesProfiles(DevUsers.PROFILE)) {
            cookie.setSecure(true);
        }
    }
}
