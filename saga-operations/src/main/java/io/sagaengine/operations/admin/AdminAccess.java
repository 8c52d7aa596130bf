package io.sagaengine.operations.admin;

import io.sagaengine.service.security.AccessRules;
import io.sagaengine.service.security.Roles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may use the admin API: support staff read, operators read and act. HTTP Basic or a bearer token; both security
 * schemes of the API docs are declared with the token endpoint every service shares.
 */
@Configuration(proxyBeanMethods = false)
class AdminAccess {

    static final String SCHEME = "basicAuth";

    @Bean
    AccessRules adminApiAccess() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(Roles.SUPPORT, Roles.OPERATOR)
                .requestMatchers(HttpMethod.HEAD, "/admin/**").hasAnyRole(Roles.SUPPORT, Roles.OPERATOR)
                .requestMatchers("/admin", "/admin/**").hasRole(Roles.OPERATOR);
    }
}
