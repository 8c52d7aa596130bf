package io.sagaengine.service.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short-lived bearer tokens for the admin API: {@code <payload>.<signature>}, both base64url, the payload
 * {@code v1|<user>|<expiry epoch seconds>} and the signature its HMAC-SHA256 under the configured key. A token names
 * only its user: the roles are looked up when it is used, so a user removed from the configuration loses access.
 */
final class ApiTokens {

    private static final String VERSION = "v1";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{4,512}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A token as issued. */
    record Issued(String token, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    ApiTokens(byte[] key, Duration ttl, Clock clock) {
        if (key.length < ApiTokenProperties.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the signing key needs at least " + ApiTokenProperties.MIN_SECRET_LENGTH
                    + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
    }

    Issued issue(String user) {
        if (user == null || user.isBlank() || user.indexOf('|') >= 0) {
            throw new IllegalArgumentException("a token needs a user name without '|'");
        }
        Instant expiresAt = clock.instant().plus(ttl);
        String payload = ENCODER.encodeToString((VERSION + "|" + user + "|" + expiresAt.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        return new Issued(payload + "." + ENCODER.encodeToString(sign(payload)), expiresAt);
    }

    /** The user a valid, unexpired token names; empty for anything else. */
    Optional<String> verify(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        String payload = token.substring(0, dot);
        byte[] signature = DECODER.decode(token.substring(dot + 1));
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Optional.empty();
        }
        String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[1].isBlank()) {
            return Optional.empty();
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return clock.instant().getEpochSecond() < expiresAt ? Optional.of(parts[1]) : Optional.empty();
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
