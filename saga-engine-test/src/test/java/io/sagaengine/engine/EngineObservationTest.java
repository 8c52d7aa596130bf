package io.sagaengine.engine;

import io.sagaengine.engine.test.ReplyResult;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.engine.test.SagaScenario.CommandExpectation;
import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.AUndone;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.COk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.TestSaga.DoA;
import io.sagaengine.engine.TestSaga.DoB;
import io.sagaengine.engine.TestSaga.DoC;
import io.sagaengine.engine.TestSaga.UndoA;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine tells its observers: only what committed, with step latencies and send numbers. */
class EngineObservationTest {

    /** Writes every call down as text. */
    static final class Recording implements SagaEngineObserver {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void sagaStarted(String sagaType) {
            calls.add("started " + sagaType);
        }

        @Override
        public void sagaEnded(String sagaType, SagaStatus status, String outcome) {
            calls.add("ended " + status + " " + outcome);
        }

        @Override
        public void sagaNeedsAttention(String sagaType, AttentionCause cause) {
            calls.add("attention " + cause);
        }

        @Override
        public void commandSent(String sagaType, String step, boolean compensation, int attempt) {
            calls.add("sent " + step + (compensation ? " compensation " : " forward ") + attempt);
        }

        @Override
        public void replyApplied(String sagaType, String step, StepResult result, Duration latency) {
            calls.add("applied " + step + " " + result + " " + latency);
        }
    }

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final Recording observer = new Recording();
    private final UUID sagaId = UUID.randomUUID();

    @Test
    void reportsStartsSendsResendsLatenciesAttentionAndTheEnd() {
        SagaScenario<Data> scenario = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
                .observer(observer);
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.expect().andGivenTimePasses(Duration.ofSeconds(2))
                .andGivenReply(new AOk(a.requestId(), 1))
                .expect().command(DoB.class).andGivenDeadlinePassed()
                .expect().command(DoB.class).andGivenDeadlinePassed()
                .expect().command(DoB.class).andGivenDeadlinePassed()
                .expect().command(UndoA.class).andGivenDeadlinePassed()
                .expect().command(UndoA.class).andGivenDeadlinePassed()
                .expect().status(SagaStatus.NEEDS_ATTENTION)
                .andGivenReply(new AUndone(a.requestId()))
                .expect().status(SagaStatus.COMPENSATED);

        assertThat(observer.calls).containsExactly(
                "started test",
                "sent a forward 1",
                "applied a SUCCEEDED PT2S",
                "sent b forward 1",
                "sent b forward 2",
                "sent b forward 3",
                "sent a compensation 1",
                "sent a compensation 2",
                "attention COMPENSATION_FAILED",
                // the compensation's first send waited 5 s, the second 5 s + 1 s backoff
                "applied a COMPENSATED PT11S",
                "ended COMPENSATED TIMED_OUT");
    }

    @Test
    void reportsNothingOfWhatRolledBackAndAParkedSagaOnce() {
        SagaScenario<Data> scenario = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
                .observer(observer)
                .listener(change -> {
                    if (change.to() == SagaStatus.COMPLETED) {
                        throw new IllegalStateException("the listener refuses to complete");
                    }
                });
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().command(DoB.class).andGivenReply(cmd -> new BOk(cmd.requestId(), "b"))
                .expect().command(DoC.class).andGivenReply(cmd -> new COk(cmd.requestId()))
                .expect().status(SagaStatus.NEEDS_ATTENTION).replyResult(ReplyResult.PARKED);

        assertThat(observer.calls).containsExactly("started test", "sent a forward 1", "applied a SUCCEEDED PT0S",
                "sent b forward 1", "applied b SUCCEEDED PT0S", "sent c forward 1", "attention PARKED");
    }

    @Test
    void aFailingObserverChangesNothing() {
        SagaScenario<Data> scenario = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
                .observer(new SagaEngineObserver() {
                    @Override
                    public void commandSent(String sagaType, String step, boolean compensation, int attempt) {
                        throw new IllegalStateException("metrics are down");
                    }
                })
                .observer(observer);
        scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().status(SagaStatus.RUNNING).state("b").command(DoB.class);

        assertThat(observer.calls).contains("started test", "sent b forward 1");
    }
}
