package io.sagaengine.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Who may use a service's HTTP API ({@code saga.security.*}).
 *
 * @param users       the accounts; none by default, so every protected endpoint answers 401 until some are configured
 *                    (the {@code dev} profile adds two local accounts)
 * @param publicPaths path patterns open to everyone, in addition to health, info and the API docs
 * @param realm       the HTTP Basic realm
 * @param adminPort   a second port for the admin API and the console ({@code /admin/**}, {@code /console/**}), which
 *                    then answer only there (404 on the service's port) while everything else answers only on the
 *                    service's port; unset: one port for all
 */
@ConfigurationProperties("saga.security")
public record ServiceSecurityProperties(
        @DefaultValue List<User> users,
        @DefaultValue List<String> publicPaths,
        @DefaultValue("saga-engine") String realm,
        Integer adminPort) {

    public ServiceSecurityProperties {
        if (adminPort != null && (adminPort < 1 || adminPort > 65535)) {
            throw new IllegalArgumentException("saga.security.admin-port must be a port number from 1 to 65535");
        }
    }

    /**
     * @param name     the login name
     * @param password a hash in the {@code {id}hash} format of Spring's DelegatingPasswordEncoder,
     *                 e.g. {@code {bcrypt}$2a$10$...}; plain text is refused
     * @param roles    e.g. {@code SUPPORT} or {@code SUPPORT,OPERATOR}
     */
    public record User(String name, String password, @DefaultValue List<String> roles) {
    }
}
