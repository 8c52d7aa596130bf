package io.sagaengine.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether one subscriber saw every change of its order, in order. An order's version grows by one with each change,
 * so from the first update a subscriber received (the status as it stood when it connected) up to the version
 * {@code GET /orders/{id}} answers afterwards, it must have received every version (one never received is missed),
 * each above all it received before (a repeat or a late one is out of order), the last a final status, and that
 * status and version must be what the read answers.
 */
final class PushCheck {

    static final Set<String> FINAL = Set.of("COMPLETED", "CANCELLED");

    private PushCheck() {
    }

    /** One update as the subscriber received it. */
    record Update(long version, String status) {
    }

    /** The order as {@code GET /orders/{id}} answered after it ended: its status and its version (the ETag). */
    record Read(String status, long version) {
    }

    /**
     * @param missed     changes the subscriber should have received and never did: the versions from its first
     *                   update to the order's version as read that it did not receive at all
     * @param outOfOrder updates whose version was not above every version received before (a repeat, or one that
     *                   came late)
     * @param endedFinal the stream ended (normally) after an update with a final status
     * @param matchesRead the last update has the status and the version {@code GET /orders/{id}} answers
     */
    record Verdict(long missed, long outOfOrder, boolean endedFinal, boolean matchesRead) {
        boolean ok() {
            return missed == 0 && outOfOrder == 0 && endedFinal && matchesRead;
        }

        String problem() {
            if (ok()) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            if (missed > 0) {
                text.append(missed).append(" missed; ");
            }
            if (outOfOrder > 0) {
                text.append(outOfOrder).append(" out of order; ");
            }
            if (!endedFinal) {
                text.append("did not end with a final status; ");
            }
            if (!matchesRead) {
                text.append("last update differs from GET /orders/{id}; ");
            }
            return text.substring(0, text.length() - 2);
        }
    }

    /**
     * @param updates     what the subscriber received, in the order it received them
     * @param endedNormally the server ended the stream (WebSocket close 1000, the event stream's end)
     * @param read        the order as read after it ended; null when it could not be read
     */
    static Verdict check(List<Update> updates, boolean endedNormally, Read read) {
        long outOfOrder = 0;
        long highest = Long.MIN_VALUE;
        Set<Long> seen = new HashSet<>();
        Update previous = null;
        for (Update update : updates) {
            if (previous != null && update.version() <= highest) {
                outOfOrder++;
            }
            if (update.version() >= updates.get(0).version()) {
                seen.add(update.version());
            }
            highest = Math.max(highest, update.version());
            previous = update;
        }
        long missed = previous == null ? 0 : highest - updates.get(0).version() + 1 - seen.size();
        Update last = previous;
        if (last != null && read != null && read.version() > highest) {
            missed += read.version() - highest;
        }
        boolean endedFinal = endedNormally && last != null && FINAL.contains(last.status());
        boolean matchesRead = last != null && read != null && last.status().equals(read.status())
                && last.version() == read.version();
        return new Verdict(missed, outOfOrder, endedFinal, matchesRead);
    }
}
