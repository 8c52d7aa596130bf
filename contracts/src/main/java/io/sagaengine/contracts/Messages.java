package io.sagaengine.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Helpers for the message records. */
public final class Messages {

    private Messages() {
    }

    /**
     * An unmodifiable copy of {@code list}. Unlike {@link List#copyOf}, null and null elements are kept,
     * so that decoding can report them as a clear {@link UnreadableMessageException} instead of a failed constructor.
     */
    public static <T> List<T> immutableCopy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
