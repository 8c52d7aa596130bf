package io.sagaengine.engine;

import io.sagaengine.engine.SagaEngineObserver.PauseCause;
import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.ANo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.CUndone;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.TestSaga.DoA;
import io.sagaengine.engine.TestSaga.DoB;
import io.sagaengine.engine.TestSaga.DoC;
import io.sagaengine.engine.TestSaga.UndoA;
import io.sagaengine.engine.TestSaga.UndoC;
import io.sagaengine.engine.test.ReplyResult;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.engine.test.SagaScenario.CommandExpectation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Pause and unpause: by support staff, and by a step configured to pause when its retries run out. */
class PauseScenarioTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final List<String> observed = new ArrayList<>();
    private final SagaEngineObserver observer = new SagaEngineObserver() {
        @Override
        public void sagaPaused(String sagaType, PauseCause cause) {
            observed.add("paused " + sagaType + " " + cause);
        }

        @Override
        public void sagaUnpaused(String sagaType) {
            observed.add("unpaused " + sagaType);
        }
    };
    private final SagaScenario<Data> scenario = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
            .observer(observer);
    private final UUID sagaId = UUID.randomUUID();

    @Test
    void whilePausedNoDeadlineFiresAndTheUnpauseGivesBackWhatWasLeftOfIt() {
        scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .expect().andGivenTimePasses(Duration.ofSeconds(4))
                .andGivenOperator(SagaEvent.OPERATOR_PAUSE, "participant a is being migrated")
                .expect().paused(true).status(SagaStatus.RUNNING).state("a").noDeadline()
                .andGivenTimePasses(Duration.ofHours(1))
                .expect().noCommand().step("a", StepStatus.RUNNING, 1).paused(true)
                .andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "migration done")
                .expect().paused(false).noCommand().deadlineIn(Duration.ofSeconds(6))
                .andGivenTimePasses(Duration.ofSeconds(5)).noCommand()
                .andGivenTimePasses(Duration.ofSeconds(1)).command(DoA.class);

        assertThat(scenario.view().steps().get(0).forwardAttempts()).isEqualTo(2);
        assertThat(scenario.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION)
                .extracting(TimelineEntry::event, TimelineEntry::actor, TimelineEntry::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("OPERATOR_PAUSE", "ops", "participant a is being migrated"),
                        org.assertj.core.groups.Tuple.tuple("OPERATOR_UNPAUSE", "ops", "migration done"));
        assertThat(observed).containsExactly("paused test OPERATOR", "unpaused test");
    }

    @Test
    void aReplyWhilePausedIsRecordedAndKeptThenAppliedOnceByTheUnpause() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.expect().andGivenOperator(SagaEvent.OPERATOR_PAUSE, "hold on");
        long pausedVersion = scenario.version();

        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 7))
                .expect().replyResult(ReplyResult.HELD).noCommand().state("a").paused(true)
                .timelineHas(TimelineEntry.Kind.REPLY_HELD, "the saga is paused")
                .andGivenSameReplyAgain().replyResult(ReplyResult.DUPLICATE);
        assertThat(scenario.version()).as("a kept reply does not change the saga").isEqualTo(pausedVersion);
        assertThat(scenario.engine().world().held()).hasSize(1);
        assertThat(scenario.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_HELD).singleElement()
                .satisfies(e -> assertThat(e.step()).isEqualTo("a"));

        OperatorResult unpaused = scenario.operations().unpause(sagaId, pausedVersion, "ops", "go on");

        assertThat(unpaused.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(unpaused.state()).as("the kept reply applied in the unpause").isEqualTo("b");
        assertThat(unpaused.version()).isEqualTo(scenario.version());
        scenario.expect().paused(false).command(DoB.class).satisfying(b -> assertThat(b.counter()).isEqualTo(7))
                .expect().noCommand().andGivenSameReplyAgain().replyResult(ReplyResult.DUPLICATE)
                .expect().noCommand().state("b");
        assertThat(scenario.engine().world().held()).isEmpty();
        assertThat(scenario.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED).hasSize(1);
    }

    @Test
    void repliesKeptWhilePausedAreAppliedInTheOrderTheyCame() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.expect().andGivenOperator(SagaEvent.OPERATOR_PAUSE, "hold on");
        // step b's reply can only apply after step a's: applied the other way round it would park the saga
        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().replyResult(ReplyResult.HELD)
                .andGivenReply(new BOk(RequestIds.of(sagaId, "b"), "noted")).replyResult(ReplyResult.HELD)
                .andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "go on")
                .expect().status(SagaStatus.RUNNING).state("c").command(DoB.class).expect().command(DoC.class).expect().noCommand()
                .step("a", StepStatus.SUCCEEDED, 1).step("b", StepStatus.SUCCEEDED, 1);
        assertThat(scenario.data()).isEqualTo(new Data("x", 1, "noted"));
    }

    @Test
    void onlyASagaInFlightCanBePausedAndWhilePausedNoOtherActionApplies() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        SagaOperations operations = scenario.operations();
        long version = scenario.version();

        assertThat(operations.unpause(sagaId, version, "ops", "not paused").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        assertThat(operations.pause(sagaId, version + 1, "ops", "stale").kind())
                .isEqualTo(OperatorResult.Kind.STALE_VERSION);
        assertThat(operations.pause(UUID.randomUUID(), 0, "ops", "unknown").kind())
                .isEqualTo(OperatorResult.Kind.NOT_FOUND);
        OperatorResult paused = operations.pause(sagaId, version, "ops", "hold on");
        assertThat(paused.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(paused.version()).isEqualTo(version + 1);
        assertThat(operations.pause(sagaId, paused.version(), "ops", "again").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        assertThat(operations.retry(sagaId, paused.version(), "ops", "send now").kind())
                .as("nothing is sent while paused").isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        assertThat(operations.compensate(sagaId, paused.version(), "ops", "give up").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        scenario.expect().noCommand();

        scenario.expect().andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "go on");
        a.andGivenReply(cmd -> new ANo(cmd.requestId())).expect().status(SagaStatus.COMPENSATED);
        assertThat(operations.pause(sagaId, scenario.version(), "ops", "too late").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
    }

    @Test
    void aReplyRacingAPauseIsAppliedFirstAndThePauseWithTheVersionReadBeforeItIsStale() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        long seen = scenario.version();
        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().replyResult(ReplyResult.APPLIED);

        assertThat(scenario.operations().pause(sagaId, seen, "ops", "hold on").kind())
                .isEqualTo(OperatorResult.Kind.STALE_VERSION);
        scenario.expect().paused(false).command(DoB.class);
    }

    @Test
    void aSagaThatNeedsAttentionCanBePausedAndItsLateReplyIsKeptUntilTheUnpause() {
        CommandExpectation<DoC> c = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().command(DoB.class).andGivenReply(cmd -> new BOk(cmd.requestId(), "b"))
                .expect().command(DoC.class);
        CommandExpectation<UndoC> undo = c.andGivenDeadlinePassed().expect().command(DoC.class)
                .andGivenDeadlinePassed().expect().command(DoC.class)
                .andGivenDeadlinePassed().expect().command(UndoC.class);
        undo.andGivenDeadlinePassed().expect().command(UndoC.class)
                .andGivenDeadlinePassed().expect().status(SagaStatus.NEEDS_ATTENTION)
                .andGivenOperator(SagaEvent.OPERATOR_PAUSE, "looking into c")
                .expect().paused(true).status(SagaStatus.NEEDS_ATTENTION);

        undo.andGivenReply(cmd -> new CUndone(cmd.requestId()))
                .expect().replyResult(ReplyResult.HELD).status(SagaStatus.NEEDS_ATTENTION).noCommand()
                .andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "c is fine")
                .expect().paused(false).status(SagaStatus.COMPENSATING).state("a.compensating")
                .command(UndoA.class);
    }

    @Test
    void aStepConfiguredToPauseWhenItsRetriesRunOutPausesInsteadOfCompensatingAndTheUnpauseSendsAgain() {
        SagaScenario<Data> pausing = SagaScenario.of(TestSaga.definition("test", TestSaga.ReplyHook.NONE,
                WhenRetriesRunOut.PAUSE), messaging, messaging::read).observer(observer);
        CommandExpectation<DoA> first = pausing.given().start(sagaId, new Data("x", 0, null)).expect()
                .command(DoA.class);
        first.andGivenDeadlinePassed().expect().command(DoA.class)
                .andGivenDeadlinePassed().expect().command(DoA.class)
                .andGivenDeadlinePassed()
                .expect().paused(true).status(SagaStatus.RUNNING).state("a").outcome(null).noCommand().noDeadline()
                .step("a", StepStatus.RUNNING, 3)
                .timelineHas(TimelineEntry.Kind.DEADLINE_PASSED, "the saga is paused")
                .andGivenTimePasses(Duration.ofHours(1)).noCommand();
        assertThat(pausing.view().lastError()).contains("step a: no reply to its command after 3 sends");
        assertThat(observed).containsExactly("paused test RETRIES_EXHAUSTED");

        pausing.expect().andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "participant a is back")
                .expect().paused(false).step("a", StepStatus.RUNNING, 1).deadlineIn(Duration.ofSeconds(10))
                .command(DoA.class).withRequestId(first.requestId())
                .andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().command(DoB.class);
    }

    @Test
    void aCompensationConfiguredToPauseWhenItsRetriesRunOutPausesInsteadOfNeedingAttention() {
        SagaScenario<Data> pausing = SagaScenario.of(TestSaga.definition("test", TestSaga.ReplyHook.NONE,
                WhenRetriesRunOut.PAUSE), messaging, messaging::read);
        CommandExpectation<UndoA> undo = pausing.given().start(sagaId, new Data("x", 0, null)).expect()
                .command(DoA.class).andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().command(DoB.class).andGivenReply(cmd -> new TestSaga.BNo(cmd.requestId()))
                .expect().command(UndoA.class);
        undo.andGivenDeadlinePassed().expect().command(UndoA.class)
                .andGivenDeadlinePassed()
                .expect().paused(true).status(SagaStatus.COMPENSATING).state("a.compensating").noCommand()
                .andGivenOperator(SagaEvent.OPERATOR_UNPAUSE, "participant a is back")
                .expect().command(UndoA.class).withRequestId(undo.requestId())
                .andGivenReply(cmd -> new TestSaga.AUndone(cmd.requestId()))
                .expect().status(SagaStatus.COMPENSATED).outcome("B_REFUSED");
    }
}
