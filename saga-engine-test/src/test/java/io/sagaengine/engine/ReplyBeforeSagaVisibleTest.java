package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.outbox.OutboxMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's logical decoding can relay a committed transaction a moment before other sessions see it, so a
 * participant's reply can come back before the saga that sent the command can be read. Such a reply is read again
 * for a while instead of being recorded as unmatched, which would leave its saga waiting for its step's deadline.
 */
class ReplyBeforeSagaVisibleTest {

    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final AtomicInteger hiddenReads = new AtomicInteger();
    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final SagaDefinition<Data> definition = TestSaga.definition();
    private final UUID sagaId = UUID.randomUUID();

    @Test
    void aReplyWhoseSagaBecomesVisibleAMomentLaterIsApplied() {
        DefaultSagaEngine engine = engine(Duration.ofSeconds(2));
        startSaga(engine);
        hiddenReads.set(3);

        ReplyOutcome outcome = engine.onReply(replyToStepA());

        assertThat(outcome).isEqualTo(ReplyOutcome.APPLIED);
        assertThat(world.history(sagaId)).anyMatch(h -> h.kind() == TimelineEntry.Kind.REPLY_RECEIVED);
        assertThat(world.history(sagaId)).noneMatch(h -> h.kind() == TimelineEntry.Kind.REPLY_UNMATCHED);
    }

    @Test
    void aReplyForASagaThatNeverAppearsIsRecordedAsUnmatchedOnceTheWaitIsOver() {
        DefaultSagaEngine engine = engine(Duration.ofMillis(50));
        startSaga(engine);
        hiddenReads.set(Integer.MAX_VALUE);

        assertThat(engine.onReply(replyToStepA())).isEqualTo(ReplyOutcome.UNMATCHED);
    }

    @Test
    void anOldReplyForAnUnknownSagaIsRecordedAtOnceSoABacklogDoesNotHoldItsPartition() {
        DefaultSagaEngine engine = engine(Duration.ofSeconds(30));
        startSaga(engine);
        hiddenReads.set(Integer.MAX_VALUE);
        ReplyEnvelope fresh = replyToStepA();
        ReplyEnvelope sentAMinuteAgo = new ReplyEnvelope(fresh.messageId(), fresh.sagaId(), fresh.type(),
                fresh.schemaVersion(), null, null, fresh.payload(), Instant.now().minusSeconds(60));

        long started = System.nanoTime();
        assertThat(engine.onReply(sentAMinuteAgo)).isEqualTo(ReplyOutcome.UNMATCHED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private DefaultSagaEngine engine(Duration unknownSagaWait) {
        SagaStore store = new SagaStore() {
            @Override
            public void insert(SagaRecord saga) {
                world.insert(saga);
            }

            @Override
            public boolean update(SagaRecord before, SagaRecord after) {
                return world.update(before, after);
            }

            @Override
            public Optional<SagaRecord> find(UUID id) {
                return hiddenReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Optional.empty() : world.find(id);
            }

            @Override
            public Optional<SagaRecord> lock(UUID id) {
                return world.lock(id);
            }

            @Override
            public List<SagaRecord> lockDue(Instant now, Set<SagaVersion> versions, int limit) {
                return world.lockDue(now, versions, limit);
            }

            @Override
            public void append(List<HistoryEntry> entries) {
                world.append(entries);
            }
        };
        SagaLogic logic = new SagaLogic(new SagaRegistry(List.of(definition), 2), messaging, new SagaJson(),
                Clock.systemUTC(), () -> 0.5);
        return new DefaultSagaEngine(logic, messaging, store, world, world, world, List::of, List::of,
                new DefaultSagaEngine.Settings("test", 3, 3, 100, unknownSagaWait), ReplyFrontier.clockOnly(), world,
                OutboxPublishing.always());
    }

    private void startSaga(DefaultSagaEngine engine) {
        world.inTransaction(() -> {
            engine.start(definition, sagaId, new Data("x", 0, null));
            return null;
        });
    }

    private ReplyEnvelope replyToStepA() {
        OutboxMessage command = world.outbox().get(world.outbox().size() - 1);
        UUID requestId = UUID.fromString(JsonMapper.builder().build().readTree(command.payload())
                .path("requestId").asString());
        String json = messaging.describe(new AOk(requestId, 7)).json();
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, "AOk", 1, null, null,
                json.getBytes(StandardCharsets.UTF_8));
    }
}
