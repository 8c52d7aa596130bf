package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.COk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.test.ReplayReport;
import io.sagaengine.engine.test.ReplayResult;
import io.sagaengine.engine.test.ReplayResult.Verdict;
import io.sagaengine.engine.test.SagaReplayer;
import io.sagaengine.engine.test.TestClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Timelines recorded by a running system on version 1 of saga type {@code test} (steps a, b, c), exported as JSON,
 * replayed against changed definitions: one that removes step b cannot continue the sagas that went through b; one
 * that only adds a step after c can continue every saga in flight.
 */
class SagaReplayTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SagaDefinition<Data> v1 = TestSaga.definition();
    private final InMemorySagaEngine running = new InMemorySagaEngine(List.of(v1), messaging, clock, () -> 0.5,
            List::of, List::of);
    private final Map<String, UUID> sagas = new LinkedHashMap<>();

    private void reply(UUID id, TestSaga.Message reply) {
        clock.advance(Duration.ofSeconds(1));
        running.deliver(UUID.randomUUID(), id, reply.getClass().getSimpleName(), 1, null,
                messaging.describe(reply).json().getBytes(StandardCharsets.UTF_8));
    }

    private UUID start(String name) {
        UUID id = UUID.randomUUID();
        running.start(v1, id, new Data(name, 0, null));
        sagas.put(name, id);
        return id;
    }

    /** Sagas in several states, exported as the admin API's export returns them. */
    private String recorded() {
        UUID inB = start("in-b");
        reply(inB, new AOk(RequestIds.of(inB, "a"), 4));
        start("in-a");
        UUID compensating = start("compensating");
        reply(compensating, new AOk(RequestIds.of(compensating, "a"), 1));
        reply(compensating, new BNo(RequestIds.of(compensating, "b")));
        UUID done = start("done");
        reply(done, new AOk(RequestIds.of(done, "a"), 1));
        reply(done, new BOk(RequestIds.of(done, "b"), "n"));
        reply(done, new COk(RequestIds.of(done, "c")));
        UUID resent = start("resent");
        clock.advance(Duration.ofSeconds(11));
        running.fireDueDeadlines();
        assertThat(running.find(resent).orElseThrow().steps().get(0).forwardAttempts()).isEqualTo(2);
        return SagaTimelineExport.toJson(sagas.values().stream()
                .map(id -> SagaTimelineExport.of(running.find(id).orElseThrow())).toList());
    }

    private Map<String, Verdict> verdicts(ReplayReport report) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        sagas.forEach((name, id) -> verdicts.put(name, report.results().stream()
                .filter(r -> r.sagaId().equals(id)).findFirst().orElseThrow().verdict()));
        return verdicts;
    }

    @Test
    void aDefinitionWithoutAStepASagaInFlightWentThroughCannotContinueIt() {
        String json = recorded();

        ReplayReport report = SagaReplayer.of(TestSaga.definitionV2(), messaging).replayJson(json);

        assertThat(verdicts(report)).containsExactly(Map.entry("in-b", Verdict.CANNOT_CONTINUE),
                Map.entry("in-a", Verdict.CAN_CONTINUE), Map.entry("compensating", Verdict.CANNOT_CONTINUE),
                Map.entry("done", Verdict.FINISHED), Map.entry("resent", Verdict.CAN_CONTINUE));
        assertThat(report.cannotContinue()).extracting(ReplayResult::detail).first().isEqualTo(
                "at its 3rd action the saga recorded transition a -> b on STEP_SUCCEEDED, the definition does "
                        + "transition a -> c on STEP_SUCCEEDED");
        assertThatThrownBy(report::assertEverySagaInFlightCanContinue).hasMessageContaining("2 of 5 recorded sagas")
                .hasMessageContaining(sagas.get("in-b").toString());
    }

    @Test
    void aDefinitionThatOnlyAddsAStepAfterTheLastCanContinueEverySagaInFlight() {
        String json = recorded();
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(4)).withJitter(0);
        RetryPolicy compensationRetry = RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withJitter(0);
        SagaDefinition<Data> withD = SagaDefinition.named("test", Data.class)
                .step("a")
                    .invoke((data, requestId) -> new TestSaga.DoA(requestId, data.name()))
                    .withCompensation((data, requestId) -> new TestSaga.UndoA(requestId, data.name()))
                    .onSuccess(AOk.class, (data, ok) -> data.withCounter(ok.counter()))
                    .onFailure(TestSaga.ANo.class, "A_REFUSED")
                    .compensatedBy(TestSaga.AUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                .step("b")
                    .invoke((data, requestId) -> new TestSaga.DoB(requestId, data.counter()))
                    .onSuccess(BOk.class, (data, ok) -> data.withNote(ok.note()))
                    .onFailure(BNo.class, "B_REFUSED")
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                .step("c")
                    .invoke((data, requestId) -> new TestSaga.DoC(requestId))
                    .withCompensation((data, requestId) -> new TestSaga.UndoC(requestId))
                    .onSuccess(COk.class)
                    .onFailure(TestSaga.CNo.class, "C_REFUSED")
                    .compensatedBy(TestSaga.CUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                .step("d")
                    .invoke((data, requestId) -> new TestSaga.DoD(requestId))
                    .onSuccess(TestSaga.DOk.class)
                .build();

        ReplayReport report = SagaReplayer.of(withD, messaging).replayJson(json);

        assertThat(report.cannotContinue()).isEmpty();
        assertThat(verdicts(report)).containsEntry("done", Verdict.FINISHED).containsEntry("in-b", Verdict.CAN_CONTINUE)
                .containsEntry("compensating", Verdict.CAN_CONTINUE);
        report.assertEverySagaInFlightCanContinue();
    }

    @Test
    void theExportReadsBackAsItWasWrittenAndAnotherFormatIsRefused() {
        String json = recorded();
        List<SagaTimelineExport> read = SagaTimelineExport.fromJson(json);

        assertThat(read).hasSize(5).first().satisfies(export -> {
            assertThat(export.format()).isEqualTo(SagaTimelineExport.FORMAT);
            assertThat(export.toJson())
                    .isEqualTo(SagaTimelineExport.of(running.find(export.sagaId()).orElseThrow()).toJson());
            assertThat(export.timeline()).hasSize(7);
        });
        assertThat(SagaTimelineExport.toJson(read)).isEqualTo(json);
        assertThatThrownBy(() -> SagaTimelineExport.fromJson(json.replace(SagaTimelineExport.FORMAT, "other/9")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exported as other/9");
    }
}
