package io.sagaengine.engine;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.sagaengine.engine.TimelineEntry.Kind;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code saga_history}: a single timeline entry, or a transition written together with the reply that
 * caused it (in the row's message columns) and the commands it sent (in its {@code commands} column), so that a
 * decision that moves a saga writes one row. Rows written before transitions were combined hold one entry each;
 * both read back as the same entries.
 *
 * @param reply    the reply received that caused {@code entry}, a transition; null when none is carried
 * @param entry    the row's own entry
 * @param commands the commands sent that {@code entry}, a transition, carries
 */
record HistoryRow(HistoryEntry reply, HistoryEntry entry, List<HistoryEntry> commands) {

    /**
     * At most this many entries share a row; the entries of a row are numbered from its id times this, so their
     * sequence increases along the timeline and never changes between reads.
     */
    static final int MAX_ENTRIES = 16;

    HistoryRow {
        commands = List.copyOf(commands);
        if ((reply != null || !commands.isEmpty()) && entry.kind() != Kind.TRANSITION) {
            throw new IllegalArgumentException("only a transition carries a reply or commands: " + entry.kind());
        }
        if ((reply == null ? 1 : 2) + commands.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries in one row");
        }
    }

    /** {@code entries} (one decision's, in order) as rows: each transition with its reply and its commands. */
    static List<HistoryRow> of(List<HistoryEntry> entries) {
        List<HistoryRow> rows = new ArrayList<>();
        int i = 0;
        while (i < entries.size()) {
            HistoryEntry first = entries.get(i++);
            HistoryEntry reply = null;
            HistoryEntry transition = first;
            if (i < entries.size() && carriesReply(entries.get(i), first)) {
                reply = first;
                transition = entries.get(i++);
            }
            if (transition.kind() != Kind.TRANSITION) {
                rows.add(new HistoryRow(null, first, List.of()));
                continue;
            }
            List<HistoryEntry> commands = new ArrayList<>();
            int room = MAX_ENTRIES - (reply == null ? 1 : 2);
            while (i < entries.size() && commands.size() < room && carriesCommand(transition, entries.get(i))) {
                commands.add(entries.get(i++));
            }
            rows.add(new HistoryRow(reply, transition, commands));
        }
        return List.copyOf(rows);
    }

    /** The row's entries in timeline order. */
    List<HistoryEntry> entries() {
        List<HistoryEntry> entries = new ArrayList<>(2 + commands.size());
        if (reply != null) {
            entries.add(reply);
        }
        entries.add(entry);
        entries.addAll(commands);
        return entries;
    }

    // the row's columns: a carried reply fills the step and message columns, which a transition leaves empty

    String step() {
        return reply == null ? entry.step() : reply.step();
    }

    UUID messageId() {
        return reply == null ? entry.messageId() : reply.messageId();
    }

    String messageType() {
        return reply == null ? entry.messageType() : reply.messageType();
    }

    UUID causationId() {
        return reply == null ? entry.causationId() : reply.causationId();
    }

    UUID requestId() {
        return reply == null ? entry.requestId() : reply.requestId();
    }

    String payload() {
        return reply == null ? entry.payload() : reply.payload();
    }

    /** The {@code commands} column: what each command's own row held before transitions carried them. */
    List<Command> commandColumn() {
        return commands.stream().map(Command::of).toList();
    }

    /**
     * A stored row's entries as the timeline shows them.
     *
     * @param columns  the row's columns but {@code commands}, as one entry of the row's kind
     * @param commands the {@code commands} column, parsed; null when empty
     */
    static List<TimelineEntry> timeline(long id, HistoryEntry columns, JsonNode commands, SagaJson json) {
        List<HistoryEntry> entries = new ArrayList<>(2);
        if (columns.kind() == Kind.TRANSITION && columns.messageId() != null) {
            entries.add(HistoryEntry.message(columns.sagaId(), columns.at(), Kind.REPLY_RECEIVED, columns.step(),
                    columns.messageId(), columns.messageType(), columns.causationId(), columns.requestId(),
                    columns.payload(), columns.reason()));
            entries.add(new HistoryEntry(columns.sagaId(), columns.at(), Kind.TRANSITION, null, columns.fromState(),
                    columns.toState(), columns.event(), null, null, null, null, null, columns.actor(),
                    columns.reason()));
        } else {
            entries.add(columns);
        }
        long first = id * MAX_ENTRIES;
        List<TimelineEntry> timeline = new ArrayList<>(entries.size() + (commands == null ? 0 : commands.size()));
        for (HistoryEntry entry : entries) {
            timeline.add(entry.toTimeline(first + timeline.size(), json));
        }
        if (commands != null) {
            for (JsonNode command : commands) {
                timeline.add(Command.toTimeline(command, first + timeline.size(), columns.at()));
            }
        }
        return timeline;
    }

    /** A command sent, as an element of the {@code commands} column; its time is the row's. */
    record Command(UUID messageId, String messageType, String step, UUID requestId, UUID causationId,
                   @JsonRawValue String payload, String reason) {

        static Command of(HistoryEntry sent) {
            return new Command(sent.messageId(), sent.messageType(), sent.step(), sent.requestId(),
                    sent.causationId(), sent.payload(), sent.reason());
        }

        static TimelineEntry toTimeline(JsonNode command, long sequence, Instant at) {
            JsonNode payload = command.get("payload");
            return new TimelineEntry(sequence, at, Kind.COMMAND_SENT, text(command, "step"), null, null, null,
                    uuid(command, "messageId"), text(command, "messageType"), uuid(command, "causationId"),
                    uuid(command, "requestId"), payload == null || payload.isNull() ? null : payload, null,
                    text(command, "reason"));
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        private static UUID uuid(JsonNode node, String field) {
            String text = text(node, field);
            return text == null ? null : UUID.fromString(text);
        }
    }

    /**
     * Whether {@code transition} can carry {@code reply} in its row and both read back unchanged: a transition row
     * with a message id is read as a reply received and then the transition, sharing the time and the reason.
     */
    private static boolean carriesReply(HistoryEntry transition, HistoryEntry reply) {
        return reply.kind() == Kind.REPLY_RECEIVED && transition.kind() == Kind.TRANSITION
                && reply.messageId() != null && sameRow(transition, reply)
                && Objects.equals(reply.reason(), transition.reason())
                && reply.fromState() == null && reply.toState() == null && reply.event() == null
                && reply.actor() == null
                && transition.step() == null && transition.messageId() == null && transition.messageType() == null
                && transition.causationId() == null && transition.requestId() == null
                && transition.payload() == null;
    }

    private static boolean carriesCommand(HistoryEntry transition, HistoryEntry command) {
        return command.kind() == Kind.COMMAND_SENT && sameRow(transition, command)
                && command.fromState() == null && command.toState() == null && command.event() == null
                && command.actor() == null;
    }

    private static boolean sameRow(HistoryEntry a, HistoryEntry b) {
        return a.sagaId().equals(b.sagaId()) && a.at().equals(b.at());
    }
}
