package io.sagaengine.orchestrator.admin;

import io.sagaengine.service.security.AccessRules;
import io.sagaengine.service.security.Roles;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may use the admin API: support staff read, operators read and act. HTTP Basic. */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = AdminAccess.SCHEME, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Users and roles (SUPPORT, OPERATOR) come from saga.security.users")
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
