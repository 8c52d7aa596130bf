package io.sagaengine.service.security;

import io.sagaengine.engine.test.TestClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    private static final byte[] KEY = "a-test-key-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T10:00:00Z"));
    private final ApiTokens tokens = new ApiTokens(KEY, Duration.ofMinutes(15), clock);

    @Test
    void aTokenNamesItsUserUntilItExpires() {
        ApiTokens.Issued issued = tokens.issue("olga");
        assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2030-01-01T10:15:00Z"));
        assertThat(tokens.verify(issued.token())).contains("olga");
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(tokens.verify(issued.token())).contains("olga");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.verify(issued.token())).isEmpty();
    }

    @Test
    void aChangedPayloadOrSignatureOrAnotherKeyIsRefused() {
        String token = tokens.issue("sam").token();
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1|olga|" + Instant.parse("2031-01-01T00:00:00Z").getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(forgedPayload + "." + signature)).as("another user, same signature").isEmpty();
        char last = signature.charAt(signature.length() - 2);
        String flipped = signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A')
                + signature.charAt(signature.length() - 1);
        assertThat(tokens.verify(payload + "." + flipped)).isEmpty();
        ApiTokens otherKey = new ApiTokens("another-key-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15), clock);
        assertThat(otherKey.verify(token)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("not a token")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }

    @Test
    void aShortKeyOrAUserNameWithTheSeparatorIsRefused() {
        assertThatThrownBy(() -> new ApiTokens(new byte[16], Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.issue("a|b")).isInstanceOf(IllegalArgumentException.class);
    }
}
