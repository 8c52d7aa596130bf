package io.sagaengine.service.security;

import org.springframework.security.core.AuthenticationException;

import java.time.Duration;

/** A sign-in refused before its password was checked: locked out (429) or too many checks running (503). */
final class SignInRefusedException extends AuthenticationException {

    private final int status;
    private final Duration retryAfter;

    private SignInRefusedException(int status, Duration retryAfter, String detail) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static SignInRefusedException lockedOut(Duration retryAfter) {
        return new SignInRefusedException(429, retryAfter,
                "Too many failed sign-ins for this user or from this address; try again later.");
    }

    static SignInRefusedException busy() {
        return new SignInRefusedException(503, Duration.ofSeconds(1),
                "Too many sign-ins are being checked at once; try again in a moment, or use a bearer token from "
                        + "POST " + ApiTokenAutoConfiguration.TOKEN_PATH + ".");
    }

    int status() {
        return status;
    }

    /** Whole seconds, at least 1, as {@code Retry-After} wants them. */
    long retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
