package io.sagaengine.service.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Signing in once on every service: a script trades HTTP Basic for a short-lived bearer token
 * ({@code POST /admin/token}, SUPPORT or OPERATOR) and sends {@code Authorization: Bearer <token>} afterwards, so the
 * password hash is verified once instead of on every request. Part of the shared security chain of
 * {@link ServiceSecurityAutoConfiguration}; settings in {@code saga.security.tokens.*}.
 */
@AutoConfiguration(after = ServiceSecurityAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ServiceSecurityAutoConfiguration.class)
@EnableConfigurationProperties(ApiTokenProperties.class)
@Import(TokenController.class)
public class ApiTokenAutoConfiguration {

    /** Where a token is issued. */
    public static final String TOKEN_PATH = "/admin/token";

    static final String MISSING_SECRET = "saga.security.tokens.secret is not set. Outside the '" + DevUsers.PROFILE
            + "' profile every service needs the key that signs its API tokens: at least "
            + ApiTokenProperties.MIN_SECRET_LENGTH + " random characters, the same on every instance behind one "
            + "address (environment variable SAGA_SECURITY_TOKENS_SECRET).";

    private static final Logger log = LoggerFactory.getLogger(ApiTokenAutoConfiguration.class);

    @Bean
    ApiTokens apiTokens(ApiTokenProperties properties, ObjectProvider<Clock> clock, Environment environment) {
        byte[] key;
        if (properties.secret() == null || properties.secret().isBlank()) {
            if (!environment.matchesProfiles(DevUsers.PROFILE)) {
                throw new IllegalStateException(MISSING_SECRET);
            }
            key = new byte[32];
            new SecureRandom().nextBytes(key);
            log.info("saga.security.tokens.secret is not set (allowed in the '{}' profile only): API tokens are "
                    + "signed with a random key and work only on this instance until it restarts", DevUsers.PROFILE);
        } else {
            key = properties.secret().getBytes(StandardCharsets.UTF_8);
        }
        return new ApiTokens(key, properties.ttl(), clock.getIfUnique(Clock::systemUTC));
    }

    /** Ahead of a service's own rules: a service that keeps {@code /admin/**} for operators still lets support in. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    AccessRules apiTokenAccess() {
        return requests -> requests.requestMatchers(HttpMethod.POST, TOKEN_PATH)
                .hasAnyRole(Roles.SUPPORT, Roles.OPERATOR);
    }

    @Bean
    SecurityChainCustomizer bearerTokens(ApiTokens tokens, UserDetailsService users) {
        return http -> http.addFilterBefore(new BearerTokenFilter(tokens, users), BasicAuthenticationFilter.class);
    }
}
