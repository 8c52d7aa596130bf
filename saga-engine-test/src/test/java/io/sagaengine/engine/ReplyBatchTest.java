package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.Data;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The replies of one poll handed to the engine together ({@link DefaultSagaEngine#onReplies}), in memory. */
class ReplyBatchTest {

    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final SagaDefinition<Data> definition = TestSaga.definition();
    /** Reads of this saga that do not find it yet. */
    private final AtomicInteger hiddenReads = new AtomicInteger();
    private volatile UUID hidden;
    /** Sagas whose status changes the listener refuses. */
    private final Set<UUID> refused = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final List<String> reported = new ArrayList<>();
    /** A saga whose outbox rows the database refuses at commit, as it would a row it cannot store. */
    private volatile String refusedAtCommit;
    private final DefaultSagaEngine engine = engine();

    @Test
    void twoRepliesOfOneSagaApplyInOrderAndADuplicateAmongThemOnce() {
        UUID id = start("x");
        ReplyEnvelope aOk = reply(id, new AOk(RequestIds.of(id, "a"), 3));

        engine.onReplies(List.of(aOk, aOk, reply(id, new BOk(RequestIds.of(id, "b"), "noted"))));

        assertThat(world.saga(id).state()).isEqualTo("c");
        assertThat(world.saga(id).version()).isEqualTo(2);
        assertThat(kinds(id)).containsExactly(TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT,
                TimelineEntry.Kind.REPLY_RECEIVED, TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT,
                TimelineEntry.Kind.REPLY_RECEIVED, TimelineEntry.Kind.TRANSITION, TimelineEntry.Kind.COMMAND_SENT);
        assertThat(reported).containsExactly("a SUCCEEDED", "b SUCCEEDED");
    }

    @Test
    void aReplyThisBuildCannotReadStopsTheBatchOnceTheOnesBeforeItCommitted() {
        UUID x = start("x");
        UUID poisoned = start("p");
        UUID z = start("z");
        List<ReplyEnvelope> replies = List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1)),
                new ReplyEnvelope(UUID.randomUUID(), poisoned, "AOk", 1, null, null,
                        "{not json".getBytes(StandardCharsets.UTF_8)),
                reply(z, new AOk(RequestIds.of(z, "a"), 1)));

        DefaultSagaEngine.RepliesFailed failed = catchThrowableOfType(DefaultSagaEngine.RepliesFailed.class,
                () -> engine.onReplies(replies));

        assertThat(failed.index()).isEqualTo(1);
        assertThat(failed.getCause()).isInstanceOf(UnreadableReplyException.class).hasMessageContaining("malformed AOk");
        assertThat(world.saga(x).state()).isEqualTo("b");
        assertThat(world.saga(poisoned).state()).isEqualTo("a");
        assertThat(world.saga(z).state()).as("not tried: its record is read again").isEqualTo("a");
        engine.onReplies(replies.subList(2, 3));
        assertThat(world.saga(z).state()).isEqualTo("b");
    }

    @Test
    void aReplyWhoseSagaIsNotVisibleYetIsReadAgainOnItsOwnAndTheOthersApply() {
        UUID x = start("x");
        UUID y = start("y");
        UUID z = start("z");
        hidden = y;
        hiddenReads.set(3);

        engine.onReplies(List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1)), reply(y, new AOk(RequestIds.of(y, "a"), 1)),
                reply(z, new AOk(RequestIds.of(z, "a"), 1))));

        assertThat(hiddenReads).hasValue(0);
        assertThat(List.of(x, y, z)).allSatisfy(id -> assertThat(world.saga(id).state()).isEqualTo("b"));
        assertThat(kinds(y)).doesNotContain(TimelineEntry.Kind.REPLY_UNMATCHED);
    }

    @Test
    void aReplyWhoseHandlingKeepsFailingParksItsSagaAloneAndTheOthersApply() {
        UUID x = start("x");
        UUID y = start("y");
        UUID z = start("z");
        engine.onReplies(List.of(reply(y, new AOk(RequestIds.of(y, "a"), 1))));
        reported.clear();
        refused.add(y);

        engine.onReplies(List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1)), reply(y, new BNo(RequestIds.of(y, "b"))),
                reply(z, new AOk(RequestIds.of(z, "a"), 1))));

        assertThat(world.saga(x).state()).isEqualTo("b");
        assertThat(world.saga(z).state()).isEqualTo("b");
        assertThat(world.saga(y).status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(world.history(y)).filteredOn(h -> h.kind() == TimelineEntry.Kind.REPLY_FAILED).hasSize(1);
        assertThat(reported).as("the refused reply's tries are never reported").containsExactly("a SUCCEEDED",
                "a SUCCEEDED");
    }

    @Test
    void aCommitRefusedForOneReplysOutboxRowsFailsThatReplyAloneAndTheOthersApply() {
        UUID x = start("x");
        UUID p = start("p");
        UUID z = start("z");
        refusedAtCommit = p.toString();

        engine.onReplies(List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1)), reply(p, new AOk(RequestIds.of(p, "a"), 1)),
                reply(z, new AOk(RequestIds.of(z, "a"), 1))));

        assertThat(world.saga(x).state()).isEqualTo("b");
        assertThat(world.saga(z).state()).isEqualTo("b");
        assertThat(world.saga(p).status()).as("handled alone, its commit kept failing: parked")
                .isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(world.history(p)).filteredOn(h -> h.kind() == TimelineEntry.Kind.REPLY_FAILED).hasSize(1);
    }

    private DefaultSagaEngine engine() {
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
                if (id.equals(hidden) && hiddenReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Optional.empty();
                }
                return world.find(id);
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
        SagaStatusListener refusing = change -> {
            if (refused.contains(change.sagaId()) && change.to() != SagaStatus.NEEDS_ATTENTION) {
                throw new IllegalStateException("listener refuses " + change.to());
            }
        };
        SagaEngineObserver observer = new SagaEngineObserver() {
            @Override
            public void replyApplied(String sagaType, String step, StepResult result, Duration latency) {
                reported.add(step + " " + result);
            }
        };
        SagaLogic logic = new SagaLogic(new SagaRegistry(List.of(definition), 2), messaging, new SagaJson(),
                Clock.systemUTC(), () -> 0.5);
        SagaTransactions refusingCommits = new SagaTransactions() {
            @Override
            public <T> T inTransaction(java.util.function.Supplier<T> work) {
                return world.inTransaction(() -> {
                    int outboxBefore = world.outbox().size();
                    T result = work.get();
                    if (world.outbox().subList(outboxBefore, world.outbox().size()).stream()
                            .anyMatch(m -> m.sagaId().equals(refusedAtCommit))) {
                        throw new org.springframework.dao.DataIntegrityViolationException("outbox row refused");
                    }
                    return result;
                });
            }

            @Override
            public <T> T inSavepoint(java.util.function.Supplier<T> work) {
                return world.inSavepoint(work);
            }

            @Override
            public void afterCommit(Runnable action) {
                world.afterCommit(action);
            }

            @Override
            public void requireTransaction(String why) {
                world.requireTransaction(why);
            }
        };
        return new DefaultSagaEngine(logic, messaging, store, world, world, refusingCommits, () -> List.of(refusing),
                () -> List.of(observer), new DefaultSagaEngine.Settings("test", 3, 3, 100, Duration.ofSeconds(2)),
                ReplyFrontier.clockOnly(), world, OutboxPublishing.always());
    }

    private UUID start(String name) {
        UUID id = UUID.randomUUID();
        world.inTransaction(() -> {
            engine.start(definition, id, new Data(name, 0, null));
            return null;
        });
        return id;
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), null, null,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private List<TimelineEntry.Kind> kinds(UUID sagaId) {
        return world.history(sagaId).stream().map(HistoryEntry::kind).toList();
    }
}
