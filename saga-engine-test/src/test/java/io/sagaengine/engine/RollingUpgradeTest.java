package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.test.TestClock;
import io.sagaengine.outbox.OutboxMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two builds on one store, as during a rolling upgrade: the newer one defines saga type {@code test}, the older one
 * only {@code other}. The older one never fires the newer type's deadlines, holds its replies instead of failing on
 * them, and refuses operator actions on its sagas; the newer one applies what was held, oldest first.
 */
class RollingUpgradeTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final SagaDefinition<Data> test = TestSaga.definition();
    private final InMemorySagaEngine newer = engine(test);
    private final InMemorySagaEngine older = engine(TestSaga.definition("other", TestSaga.ReplyHook.NONE));

    private InMemorySagaEngine engine(SagaDefinition<?> definition) {
        return new InMemorySagaEngine(world, List.of(definition), messaging, clock, () -> 0.5, List::of, List::of,
                publishing::get);
    }

    private UUID start() {
        UUID id = UUID.randomUUID();
        newer.start(test, id, new Data("x", 0, null));
        return id;
    }

    private UUID requestIdOfLastCommand() {
        OutboxMessage command = world.outbox().get(world.outbox().size() - 1);
        return UUID.fromString(JsonMapper.builder().build().readTree(command.payload()).path("requestId").asString());
    }

    private String deliver(InMemorySagaEngine engine, UUID messageId, UUID sagaId, String type, String json) {
        return engine.deliver(messageId, sagaId, type, 1, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private List<TimelineEntry.Kind> kinds(UUID sagaId) {
        return newer.timeline(sagaId).stream().map(TimelineEntry::kind).toList();
    }

    @Test
    void aReplyForASagaOfATypeThisBuildDoesNotDefineIsHeldAndTheBuildThatDefinesItAppliesIt() {
        UUID id = start();
        UUID messageId = UUID.randomUUID();
        String json = messaging.describe(new AOk(requestIdOfLastCommand(), 7)).json();

        assertThat(deliver(older, messageId, id, "AOk", json)).isEqualTo("HELD");

        assertThat(world.saga(id).state()).as("the saga waits for its build").isEqualTo("a");
        assertThat(world.saga(id).version()).isZero();
        assertThat(world.held()).singleElement().satisfies(h -> {
            assertThat(h.sagaType()).isEqualTo("test");
            assertThat(h.reply().messageId()).isEqualTo(messageId);
            assertThat(new String(h.reply().payload(), StandardCharsets.UTF_8)).isEqualTo(json);
        });
        TimelineEntry held = newer.timeline(id).get(2);
        assertThat(held.kind()).isEqualTo(TimelineEntry.Kind.REPLY_HELD);
        assertThat(held.messageId()).isEqualTo(messageId);
        assertThat(held.reason()).contains("saga type test is not defined by this build");
        assertThat(deliver(newer, messageId, id, "AOk", json)).as("marked processed when held")
                .isEqualTo("DUPLICATE");

        assertThat(older.fireDueDeadlines()).isZero();
        assertThat(world.held()).as("the older build cannot apply it").hasSize(1);
        newer.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(world.saga(id).state()).isEqualTo("b");
        assertThat(kinds(id)).containsExactly(TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT,
                TimelineEntry.Kind.REPLY_HELD, TimelineEntry.Kind.REPLY_RECEIVED, TimelineEntry.Kind.TRANSITION,
                TimelineEntry.Kind.COMMAND_SENT);
        assertThat(world.outbox()).extracting(OutboxMessage::type).containsExactly("DoA", "DoB");
        assertThat(world.outbox().get(1).causationId()).as("the command it caused").isEqualTo(messageId);
    }

    @Test
    void aPausedSagasRepliesHeldByEitherBuildWaitForTheUnpauseWhichAppliesThemOldestFirst() {
        UUID id = start();
        UUID requestId = requestIdOfLastCommand();
        assertThat(older.operations().pause(id, 0, "ops", "hold on").kind())
                .isEqualTo(OperatorResult.Kind.TYPE_NOT_DEFINED);
        long paused = newer.operations().pause(id, 0, "ops", "hold on").version();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        assertThat(deliver(older, first, id, "AOk", messaging.describe(new AOk(requestId, 1)).json()))
                .as("its type is not defined there").isEqualTo("HELD");
        assertThat(deliver(newer, second, id, "AOk", messaging.describe(new AOk(requestId, 2)).json()))
                .as("its saga is paused").isEqualTo("HELD");
        newer.fireDueDeadlines();

        assertThat(world.held()).as("the held-reply poll leaves a paused saga's replies to its unpause").hasSize(2);
        assertThat(world.saga(id).state()).isEqualTo("a");

        OperatorResult unpaused = newer.operations().unpause(id, paused, "ops", "go on");

        assertThat(unpaused.state()).isEqualTo("b");
        assertThat(world.held()).isEmpty();
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED)
                .singleElement().extracting(TimelineEntry::messageId).isEqualTo(first);
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_IGNORED)
                .singleElement().extracting(TimelineEntry::messageId).isEqualTo(second);
        assertThat(newer.find(id).orElseThrow().data().get("counter").asInt()).isEqualTo(1);
    }

    @Test
    void heldRepliesOfOneSagaAreAppliedOldestFirst() {
        UUID id = start();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID requestId = requestIdOfLastCommand();
        deliver(older, first, id, "AOk", messaging.describe(new AOk(requestId, 1)).json());
        deliver(older, second, id, "AOk", messaging.describe(new AOk(requestId, 2)).json());

        newer.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_RECEIVED)
                .singleElement().extracting(TimelineEntry::messageId).isEqualTo(first);
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_IGNORED)
                .singleElement().extracting(TimelineEntry::messageId).isEqualTo(second);
        assertThat(newer.find(id).orElseThrow().data().get("counter").asInt()).isEqualTo(1);
    }

    @Test
    void aReplyTypeThisBuildCannotReadIsHeldForAnUndefinedSagaTypeAndDeadLetteredForADefinedOne() {
        UUID id = start();
        String json = "{\"requestId\": \"" + requestIdOfLastCommand() + "\", \"refund\": 3}";

        assertThat(deliver(older, UUID.randomUUID(), id, "APartlyOk", json)).isEqualTo("HELD");
        assertThatThrownBy(() -> deliver(newer, UUID.randomUUID(), id, "APartlyOk", json))
                .as("its own saga type: poison, as before").isInstanceOf(UnreadableReplyException.class);

        assertThat(world.held()).singleElement()
                .satisfies(h -> assertThat(h.reply().type()).isEqualTo("APartlyOk"));
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_HELD).singleElement()
                .satisfies(e -> assertThat(e.payload()).as("not readable here: kept with the held reply").isNull());
        newer.fireDueDeadlines();
        assertThat(world.held()).as("this build cannot read it either: kept for one that can").hasSize(1);
        assertThat(world.saga(id).state()).isEqualTo("a");
    }

    @Test
    void aHeldReplyWhoseSagaWasPurgedMeanwhileIsRecordedAsUnmatched() {
        UUID id = start();
        UUID messageId = UUID.randomUUID();
        deliver(older, messageId, id, "AOk", messaging.describe(new AOk(requestIdOfLastCommand(), 1)).json());
        world.inTransaction(() -> {
            world.purge(id);
            // as a hold that committed after the purge would leave it
            world.hold(new ReplyEnvelope(messageId, id, "AOk", 1, null, null,
                    messaging.describe(new AOk(UUID.randomUUID(), 1)).json().getBytes(StandardCharsets.UTF_8)),
                    "test", clock.instant());
            return null;
        });

        newer.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(newer.timeline(id)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineEntry.Kind.REPLY_UNMATCHED);
            assertThat(e.messageId()).isEqualTo(messageId);
        });
    }

    @Test
    void aHeldReplyWhoseHandlingKeepsFailingParksItsSagaWithTheReplyKept() {
        SagaDefinition<Data> failing = TestSaga.definition("test", data -> {
            throw new IllegalStateException("handler broken");
        });
        InMemorySagaEngine newerFailing = new InMemorySagaEngine(world, List.of(failing), messaging, clock, () -> 0.5,
                List::of, List::of, publishing::get);
        UUID id = UUID.randomUUID();
        newerFailing.start(failing, id, new Data("x", 0, null));
        UUID messageId = UUID.randomUUID();
        deliver(older, messageId, id, "AOk", messaging.describe(new AOk(requestIdOfLastCommand(), 1)).json());

        newerFailing.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(world.saga(id).status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(world.saga(id).lastError()).contains("handling held reply AOk failed 3 times", "handler broken");
        assertThat(newerFailing.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_FAILED)
                .singleElement().extracting(TimelineEntry::messageId).isEqualTo(messageId);
    }

    @Test
    void aSagaWhoseHeldRepliesCannotBeAppliedNorParkedHoldsNeitherTheOthersNorTheDeadlines() {
        SagaDefinition<Data> failing = TestSaga.definition("test", data -> {
            throw new IllegalStateException("handler broken");
        });
        InMemorySagaEngine newerFailing = new InMemorySagaEngine(world, List.of(failing), messaging, clock, () -> 0.5,
                () -> List.of(change -> {
                    if (change.to() == SagaStatus.NEEDS_ATTENTION) {
                        throw new IllegalStateException("listener refuses NEEDS_ATTENTION");
                    }
                }), List::of, publishing::get);
        UUID stuck = UUID.randomUUID();
        newerFailing.start(failing, stuck, new Data("x", 0, null));
        deliver(older, UUID.randomUUID(), stuck, "AOk", messaging.describe(new AOk(requestIdOfLastCommand(), 1)).json());
        clock.advance(Duration.ofSeconds(1));
        UUID due = UUID.randomUUID();
        newerFailing.start(failing, due, new Data("y", 0, null));
        clock.advance(Duration.ofSeconds(11));

        assertThat(newerFailing.fireDueDeadlines()).as("the other saga's deadline").isEqualTo(2);

        assertThat(world.held()).as("kept for the next poll").hasSize(1);
        assertThat(world.saga(due).steps().get(0).attempts()).isEqualTo(2);
    }

    @Test
    void aBuildNeverFiresTheDeadlinesOfASagaTypeItDoesNotDefine() {
        UUID id = start();
        clock.advance(Duration.ofMinutes(5));

        assertThat(older.fireDueDeadlines()).isZero();
        assertThat(world.saga(id).steps().get(0).attempts()).isEqualTo(1);
        assertThat(world.outbox()).hasSize(1);

        assertThat(newer.fireDueDeadlines()).isEqualTo(1);
        assertThat(world.outbox()).extracting(OutboxMessage::type).containsExactly("DoA", "DoA");
    }

    @Test
    void anOperatorActionOnASagaOfATypeThisBuildDoesNotDefineIsRefusedAndWritesNothing() {
        UUID id = start();

        OperatorResult result = older.operations().retry(id, 0, "olga", "try");

        assertThat(result.kind()).isEqualTo(OperatorResult.Kind.TYPE_NOT_DEFINED);
        assertThat(result.version()).isZero();
        assertThat(kinds(id)).doesNotContain(TimelineEntry.Kind.OPERATOR_ACTION);
        assertThat(newer.operations().retry(id, 0, "olga", "try").kind()).isEqualTo(OperatorResult.Kind.APPLIED);
    }

    @Test
    void noDeadlineFiresWhileTheOutboxCannotPublishAndTheHoldIsShown() {
        UUID id = start();
        clock.advance(Duration.ofSeconds(11));
        publishing.set(false);

        assertThat(newer.fireDueDeadlines()).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(newer.fireDueDeadlines()).isZero();
        assertThat(newer.engine().deadlinesHeldBy()).isEqualTo(Duration.ofMinutes(5));
        assertThat(newer.engine().notPublishingSince()).isNotNull();
        assertThat(world.saga(id).steps().get(0).attempts()).as("neither re-sent nor given up").isEqualTo(1);

        publishing.set(true);
        assertThat(newer.fireDueDeadlines()).isEqualTo(1);
        assertThat(newer.engine().deadlinesHeldBy()).isZero();
        assertThat(newer.engine().notPublishingSince()).isNull();
        assertThat(world.outbox()).extracting(OutboxMessage::type).containsExactly("DoA", "DoA");
    }
}
