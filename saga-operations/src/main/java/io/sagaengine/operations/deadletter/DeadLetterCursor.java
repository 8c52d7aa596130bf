package io.sagaengine.operations.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the next page of a dead-letter listing starts: per partition, the offset of the first record not yet
 * listed. Handed out opaque ({@code base64url("v1:0.15,1.3")}); a partition it does not name starts at its
 * beginning.
 */
record DeadLetterCursor(Map<Integer, Long> next) {

    static final int MAX_LENGTH = 4096;
    static final DeadLetterCursor START = new DeadLetterCursor(Map.of());
    private static final String VERSION = "v1:";

    DeadLetterCursor {
        next = Collections.unmodifiableMap(new TreeMap<>(next));
    }

    /** The offset to start the partition at, or {@code beginning} when the cursor does not name it. */
    long startOf(int partition, long beginning) {
        return Math.max(beginning, next.getOrDefault(partition, beginning));
    }

    String format() {
        String plain = VERSION + next.entrySet().stream().map(e -> e.getKey() + "." + e.getValue())
                .collect(Collectors.joining(","));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the text is not a cursor this API handed out
     */
    static DeadLetterCursor parse(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        if (text.length() > MAX_LENGTH || !text.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a cursor");
        }
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        if (!plain.startsWith(VERSION)) {
            throw new IllegalArgumentException("not a cursor");
        }
        String body = plain.substring(VERSION.length());
        Map<Integer, Long> next = new TreeMap<>();
        if (!body.isEmpty()) {
            for (String entry : body.split(",", -1)) {
                if (!entry.matches("\\d{1,9}\\.\\d{1,18}")) {
                    throw new IllegalArgumentException("not a cursor");
                }
                int dot = entry.indexOf('.');
                if (next.put(Integer.parseInt(entry.substring(0, dot)), Long.parseLong(entry.substring(dot + 1)))
                        != null) {
                    throw new IllegalArgumentException("not a cursor");
                }
            }
        }
        return new DeadLetterCursor(next);
    }
}
