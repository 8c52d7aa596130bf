package io.sagaengine.engine;

import io.sagaengine.engine.test.ReplyResult;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.engine.test.SagaScenario.CommandExpectation;
import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.AUndone;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.CUndone;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.TestSaga.DoA;
import io.sagaengine.engine.TestSaga.DoB;
import io.sagaengine.engine.TestSaga.DoC;
import io.sagaengine.engine.TestSaga.UndoA;
import io.sagaengine.engine.TestSaga.UndoC;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.IllegalTransactionStateException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine on the test saga: what the order saga does not exercise. */
class EngineScenarioTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final List<SagaStatusChange> changes = new ArrayList<>();
    private final SagaScenario<Data> scenario = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
            .listener(changes::add);
    private final UUID sagaId = UUID.randomUUID();

    @Test
    void aStepWithoutCompensationIsSkippedWhenCompensating() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null))
                .expect().command(DoA.class).to(TestSaga.COMMANDS);
        CommandExpectation<DoC> c = a.andGivenReply(cmd -> new AOk(cmd.requestId(), 7))
                .expect().command(DoB.class).satisfying(b -> assertThat(b.counter()).isEqualTo(7))
                .andGivenReply(cmd -> new BOk(cmd.requestId(), "noted"))
                .expect().command(DoC.class);
        c.andGivenDeadlinePassed().expect().command(DoC.class)
                .andGivenDeadlinePassed().expect().deadlineIn(Duration.ofSeconds(12)).command(DoC.class)
                .andGivenDeadlinePassed()
                .expect().state("c.compensating").command(UndoC.class).withRequestId(c.requestId())
                .andGivenReply(cmd -> new CUndone(cmd.requestId()))
                .expect().state("a.compensating").command(UndoA.class).withRequestId(a.requestId())
                .andGivenReply(cmd -> new AUndone(cmd.requestId()))
                .expect().status(SagaStatus.COMPENSATED).outcome(SagaOutcomes.TIMED_OUT)
                .step("a", StepStatus.COMPENSATED, 1).step("b", StepStatus.SUCCEEDED, 1)
                .step("c", StepStatus.COMPENSATED, 1).noCommand();

        assertThat(changes).extracting(SagaStatusChange::from, SagaStatusChange::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, SagaStatus.RUNNING),
                org.assertj.core.groups.Tuple.tuple(SagaStatus.RUNNING, SagaStatus.COMPENSATING),
                org.assertj.core.groups.Tuple.tuple(SagaStatus.COMPENSATING, SagaStatus.COMPENSATED));
        assertThat(changes.get(2).data(Data.class)).isEqualTo(new Data("x", 7, "noted"));
        assertThat(changes.get(2).outcome()).isEqualTo(SagaOutcomes.TIMED_OUT);
    }

    @Test
    void aFailureOfAStepWithoutCompensationCompensatesTheOnesBefore() {
        CommandExpectation<DoA> a = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().command(DoB.class).andGivenReply(cmd -> new BNo(cmd.requestId()))
                .expect().status(SagaStatus.COMPENSATING).outcome("B_REFUSED").step("b", StepStatus.FAILED, 1)
                .command(UndoA.class).withRequestId(a.requestId());
    }

    @Test
    void aCommandCausedByAReplyCarriesTheReplysMessageId() {
        scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().command(DoB.class);
        assertThat(scenario.sent().get(0).causationId()).isNull();
        assertThat(scenario.sent().get(1).causationId()).isEqualTo(scenario.lastReplyMessageId());
    }

    @Test
    void aDuplicateReplyIsRecordedWithoutChangingTheSagaOrItsVersion() {
        scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().command(DoB.class);
        long version = scenario.version();
        UUID stepA = scenario.view().steps().get(0).requestId();

        scenario.expect().andGivenReply(new AOk(stepA, 1)).replyResult(ReplyResult.IGNORED);

        assertThat(scenario.version()).as("an operator's If-Match still holds").isEqualTo(version);
        assertThat(scenario.timelineKinds()).last().isEqualTo(TimelineEntry.Kind.REPLY_IGNORED);
    }

    @Test
    void requestIdsFollowFromTheSagaAndTheStepSoATransitionMadeAgainSendsTheSameOne() {
        SagaScenario<Data> restored = SagaScenario.of(TestSaga.definition(), messaging, messaging::read);
        CommandExpectation<DoA> first = scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        CommandExpectation<DoA> again = restored.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        CommandExpectation<DoA> other = SagaScenario.of(TestSaga.definition(), messaging, messaging::read)
                .given().start(UUID.randomUUID(), new Data("x", 0, null)).expect().command(DoA.class);

        assertThat(again.requestId()).as("the same saga and step").isEqualTo(first.requestId());
        assertThat(other.requestId()).as("another saga").isNotEqualTo(first.requestId());
        UUID stepB = first.andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().command(DoB.class).requestId();
        UUID stepBAgain = again.andGivenReply(cmd -> new AOk(cmd.requestId(), 1)).expect().command(DoB.class).requestId();
        assertThat(stepBAgain).isEqualTo(stepB).isNotEqualTo(first.requestId());
    }

    @Test
    void aReplyForAnUnknownSagaIsRecordedUnderItsId() {
        scenario.given().start(sagaId, new Data("x", 0, null));
        UUID unknown = UUID.randomUUID();

        scenario.expect().andGivenReplyForSaga(unknown, new AOk(UUID.randomUUID(), 1))
                .replyResult(ReplyResult.UNMATCHED)
                .andGivenSameReplyAgain().replyResult(ReplyResult.DUPLICATE);
        assertThat(scenario.engine().timeline(unknown)).singleElement()
                .satisfies(h -> {
                    assertThat(h.kind()).isEqualTo(TimelineEntry.Kind.REPLY_UNMATCHED);
                    assertThat(h.messageId()).isEqualTo(scenario.lastReplyMessageId());
                    assertThat(h.payload().get("counter").asInt()).isEqualTo(1);
                });
    }

    @Test
    void anUnreadableReplyIsRefusedBeforeAnythingIsWritten() {
        scenario.given().start(sagaId, new Data("x", 0, null));
        long version = scenario.version();
        assertThatThrownBy(() -> scenario.engine().deliver(UUID.randomUUID(), sagaId, "AOk", 1, null,
                "{not json".getBytes(StandardCharsets.UTF_8))).isInstanceOf(UnreadableReplyException.class);
        assertThatThrownBy(() -> scenario.engine().deliver(UUID.randomUUID(), sagaId, "Nope", 1, null,
                "{}".getBytes(StandardCharsets.UTF_8))).isInstanceOf(UnreadableReplyException.class);
        assertThat(scenario.version()).isEqualTo(version);
    }

    @Test
    void aFailingHandlerIsTriedAgainThenParksTheSagaAndEachFailedTryLeftNothingBehind() {
        int[] calls = {0};
        SagaScenario<Data> failing = SagaScenario.of(TestSaga.definition("test", data -> {
            calls[0]++;
            throw new IllegalStateException("handler bug");
        }), messaging, messaging::read);
        CommandExpectation<DoA> a = failing.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class);
        a.andGivenReply(cmd -> new AOk(cmd.requestId(), 1))
                .expect().replyResult(ReplyResult.PARKED).status(SagaStatus.NEEDS_ATTENTION).state("NEEDS_ATTENTION")
                .noCommand().noDeadline().timelineHas(TimelineEntry.Kind.REPLY_FAILED, "handler bug");

        assertThat(calls[0]).isEqualTo(3);
        assertThat(failing.view().parkedState()).isEqualTo("a");
        assertThat(failing.view().lastError()).contains("failed 3 times").contains("handler bug");
        assertThat(failing.timelineKinds()).as("one start, then only the park").containsExactly(
                TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT,
                TimelineEntry.Kind.REPLY_FAILED, TimelineEntry.Kind.TRANSITION);
        assertThat(failing.version()).isEqualTo(1);
    }

    @Test
    void aSagaStartsOnlyInsideATransactionAndOnlyWithARegisteredDefinition() {
        Data data = new Data("x", 0, null);
        assertThatThrownBy(() -> scenario.engine().engine().start(scenario.definition(), sagaId, data))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> scenario.engine().start(TestSaga.definition(), sagaId, data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    }

    @Test
    void aDeadlineThatIsNotDueDoesNothing() {
        scenario.given().start(sagaId, new Data("x", 0, null)).expect().command(DoA.class)
                .expect().andGivenTimePasses(Duration.ofSeconds(9)).noCommand().step("a", StepStatus.RUNNING, 1);
        assertThat(scenario.version()).isZero();
    }
}
