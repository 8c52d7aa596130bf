package io.sagaengine.service.security;

import org.springframework.security.core.userdetails.UserDetails;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * User names and passwords that passed the password hash check a moment ago, so a script that sends HTTP Basic on
 * every request pays for the hash once per {@code ttl}. Only an HMAC of user name, password and stored hash is kept,
 * under a key drawn at random per process: never the password, and a changed password or user is a miss.
 */
final class VerifiedCredentials {

    private final RecentEntries<String, Instant> verified;
    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;

    VerifiedCredentials(int capacity, Duration ttl, Clock clock) {
        this.verified = new RecentEntries<>(capacity, expiresAt -> expiresAt);
        this.ttl = ttl;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    boolean recalls(UserDetails user, String password) {
        return !ttl.isZero() && verified.get(fingerprint(user, password), clock.instant()) != null;
    }

    void remember(UserDetails user, String password) {
        if (!ttl.isZero() && user.getPassword() != null) {
            verified.put(fingerprint(user, password), clock.instant().plus(ttl));
        }
    }

    private String fingerprint(UserDetails user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getUsername().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(String.valueOf(user.getPassword()).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
