package io.sagaengine.service.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own authorization rules. Each bean of this type is applied, in bean order, after the public paths
 * and before the shared defaults (rest of actuator: OPERATOR; GET/HEAD: SUPPORT or OPERATOR; anything else:
 * OPERATOR), so its rules win over the defaults.
 */
@FunctionalInterface
public interface AccessRules {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
