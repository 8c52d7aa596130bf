package io.sagaengine.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How scripts sign in once instead of sending the password with every request ({@code saga.security.tokens.*}).
 *
 * @param secret the key that signs API tokens, at least 32 characters; every instance behind one address needs the
 *               same. Required outside the {@code dev} profile (a service does not start without it); unset in the
 *               {@code dev} profile: a random key per process, so a token works only on the instance that issued it
 *               and only until it restarts.
 * @param ttl    how long an API token is valid, at most 12 hours
 */
@ConfigurationProperties("saga.security.tokens")
record ApiTokenProperties(String secret, @DefaultValue("15m") Duration ttl) {

    static final Duration MAX_TTL = Duration.ofHours(12);
    static final int MIN_SECRET_LENGTH = 32;

    ApiTokenProperties {
        if (secret != null && !secret.isBlank() && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("saga.security.tokens.secret must have at least " + MIN_SECRET_LENGTH
                    + " characters");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("saga.security.tokens.ttl must be above 0 and at most " + MAX_TTL);
        }
    }
}
