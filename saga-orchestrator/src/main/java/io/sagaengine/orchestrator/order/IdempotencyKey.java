package io.sagaengine.orchestrator.order;

import java.util.Optional;

/** The value of an {@code Idempotency-Key} header: 1 to 255 printable ASCII characters. */
record IdempotencyKey(String value) {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    IdempotencyKey {
        if (!isValid(value)) {
            throw OrderProblem.invalidIdempotencyKey();
        }
    }

    /**
     * @param header the header's value, or null when the request has none
     * @throws OrderProblem 400 when the header is present but not a valid key
     */
    static Optional<IdempotencyKey> fromHeader(String header) {
        return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header));
    }

    private static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
