package io.sagaengine.service.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * A service's own additions to the shared filter chain (say, a browser sign-in with a session and CSRF protection
 * for some paths, or a bearer token filter). Each bean of this type is applied, in bean order, after the shared
 * defaults are set up and before the chain is built, so it may switch back on what the defaults switched off.
 */
@FunctionalInterface
public interface SecurityChainCustomizer {

    void customize(HttpSecurity http) throws Exception;
}
