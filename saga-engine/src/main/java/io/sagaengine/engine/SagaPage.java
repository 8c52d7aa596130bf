package io.sagaengine.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** One page of sagas; {@code nextCursor} is null on the last page. */
public record SagaPage(List<Summary> items, String nextCursor) {

    /**
     * A saga without its steps, data and timeline.
     *
     * @param parkedBy while NEEDS_ATTENTION: the event that put it there, {@link SagaEvent#COMPENSATION_FAILED}
     *                 (a compensation's budget was spent) or {@link SagaEvent#PARK} (an input could not be
     *                 handled); null otherwise
     * @param definitionVersion the version of its definition the saga runs on
     * @param definedHere whether this instance's build defines the saga's type in that version
     * @param pausedAt when it was paused; null unless it is paused
     */
    public record Summary(UUID sagaId, String type, SagaStatus status, String state, String parkedState,
                          String outcome, long version, Instant startedAt, Instant updatedAt, Instant progressedAt,
                          Instant deadlineAt, String lastError, SagaEvent parkedBy, int definitionVersion,
                          boolean definedHere, Instant pausedAt) {

        /** A saga of its definition's first version, defined here, not paused. */
        public Summary(UUID sagaId, String type, SagaStatus status, String state, String parkedState, String outcome,
                       long version, Instant startedAt, Instant updatedAt, Instant progressedAt, Instant deadlineAt,
                       String lastError, SagaEvent parkedBy) {
            this(sagaId, type, status, state, parkedState, outcome, version, startedAt, updatedAt, progressedAt,
                    deadlineAt, lastError, parkedBy, SagaDefinition.FIRST_VERSION, true, null);
        }

        public boolean paused() {
            return pausedAt != null;
        }
    }

    /**
     * A keyset position in a listing ordered by start time and id: the last item's. Its text form, which
     * {@link #nextCursor()} carries, is base64url of {@code <startedAt>|<id>}; every listing of sagas uses it, so a
     * cursor from one can be read by another.
     */
    public record Cursor(Instant startedAt, UUID id) {

        /** The position after {@code last}. */
        public static Cursor after(Summary last) {
            return new Cursor(last.startedAt(), last.sagaId());
        }

        public String encode() {
            String raw = startedAt + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException if {@code cursor} is not one {@link #encode()} wrote */
        public static Cursor parse(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Cursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed cursor", e);
            }
        }
    }
}
