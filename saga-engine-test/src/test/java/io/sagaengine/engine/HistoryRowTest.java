package io.sagaengine.engine;

import io.sagaengine.engine.TimelineEntry.Kind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How one decision's timeline entries are put into {@code saga_history} rows. */
class HistoryRowTest {

    private static final UUID SAGA = UUID.randomUUID();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTransitionCarriesTheReplyBeforeItAndTheCommandsAfterIt() {
        List<HistoryEntry> entries = List.of(reply("a", null), transition(null), command("b", NOW));

        List<HistoryRow> rows = HistoryRow.of(entries);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).entry().kind()).isEqualTo(Kind.TRANSITION);
        assertThat(rows.get(0).step()).as("the reply's step").isEqualTo("a");
        assertThat(rows.get(0).entries()).containsExactlyElementsOf(entries);
    }

    @Test
    void whatARowCannotGiveBackUnchangedKeepsARowOfItsOwn() {
        List<HistoryEntry> otherReason = List.of(reply("a", "B_REFUSED"), transition("something else"));
        List<HistoryEntry> otherTime = List.of(transition(null), command("b", NOW.plusMillis(1)));
        List<HistoryEntry> noTransition = List.of(note(Kind.DEADLINE_PASSED), command("a", NOW));

        assertThat(HistoryRow.of(otherReason)).hasSize(2);
        assertThat(HistoryRow.of(otherTime)).hasSize(2);
        assertThat(HistoryRow.of(noTransition)).as("commands go only with a transition").hasSize(2);
        for (List<HistoryEntry> entries : List.of(otherReason, otherTime, noTransition)) {
            assertThat(HistoryRow.of(entries).stream().flatMap(r -> r.entries().stream()))
                    .containsExactlyElementsOf(entries);
        }
    }

    @Test
    void aRowHoldsAtMostItsShareOfSequenceNumbers() {
        List<HistoryEntry> entries = new ArrayList<>(List.of(reply("a", null), transition(null)));
        for (int i = 0; i < HistoryRow.MAX_ENTRIES; i++) {
            entries.add(command("b", NOW));
        }

        List<HistoryRow> rows = HistoryRow.of(entries);

        assertThat(rows.get(0).entries()).hasSize(HistoryRow.MAX_ENTRIES);
        assertThat(rows.stream().flatMap(r -> r.entries().stream())).containsExactlyElementsOf(entries);
    }

    private static HistoryEntry reply(String step, String reason) {
        return HistoryEntry.message(SAGA, NOW, Kind.REPLY_RECEIVED, step, UUID.randomUUID(), "AOk", null,
                UUID.randomUUID(), "{}", reason);
    }

    private static HistoryEntry transition(String reason) {
        return HistoryEntry.transition(SAGA, NOW, "a", "b", SagaEvent.STEP_SUCCEEDED, reason);
    }

    private static HistoryEntry command(String step, Instant at) {
        return HistoryEntry.message(SAGA, at, Kind.COMMAND_SENT, step, UUID.randomUUID(), "DoB", null,
                UUID.randomUUID(), "{}", "command, send 1");
    }

    private static HistoryEntry note(Kind kind) {
        return HistoryEntry.note(SAGA, NOW, kind, "a", "no reply");
    }
}
