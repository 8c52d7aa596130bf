package io.sagaengine.orchestrator.order;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** An order id as it appears in a path: a UUID in its 8-4-4-4-12 form, nothing else. */
final class OrderIds {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private OrderIds() {
    }

    static Optional<UUID> parse(String text) {
        return text != null && UUID_TEXT.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }
}
