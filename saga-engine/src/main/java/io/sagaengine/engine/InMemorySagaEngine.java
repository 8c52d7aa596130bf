package io.sagaengine.engine;

import io.sagaengine.outbox.OutboxMessage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * For test kits and benchmarks, not for applications: the engine's real logic and transactional shell over
 * in-memory ports (store, timeline, outbox, inbox, and transactions that undo every write of a failed unit of work).
 * It is what the test kit's scenarios ({@code io.sagaengine.engine.test} in {@code saga-engine-test}) and the engine
 * benchmark drive; in tests of a saga, use the scenarios, not this class. It lives here because its ports are the
 * engine's own, package-private interfaces; nothing else of the engine's implementation is public.
 */
public final class InMemorySagaEngine {

    /** The inbox consumer name replies are deduplicated under. */
    private static final String CONSUMER = "saga-engine-test";

    private final InMemorySagaWorld world;
    private final DefaultSagaEngine engine;
    private final SagaJson json = new SagaJson();
    private final SagaRegistry registry;
    private final SagaLogic logic;

    /**
     * @param random the value in [0, 1) each backoff's jitter is drawn as
     */
    public InMemorySagaEngine(List<SagaDefinition<?>> definitions, SagaMessaging messaging, Clock clock,
                              DoubleSupplier random, Supplier<List<SagaStatusListener>> listeners,
                              Supplier<List<SagaEngineObserver>> observers) {
        this(new InMemorySagaWorld(), definitions, messaging, clock, random, listeners, observers,
                OutboxPublishing.always());
    }

    /**
     * An engine on {@code world}: engines of builds that define different sagas may share one world, as
     * instances of several builds share one database during a rolling upgrade.
     */
    InMemorySagaEngine(InMemorySagaWorld world, List<SagaDefinition<?>> definitions, SagaMessaging messaging,
                       Clock clock, DoubleSupplier random, Supplier<List<SagaStatusListener>> listeners,
                       Supplier<List<SagaEngineObserver>> observers, OutboxPublishing publishing) {
        this.world = world;
        this.registry = new SagaRegistry(definitions, 2);
        this.logic = new SagaLogic(registry, messaging, json, clock, random);
        this.engine = new DefaultSagaEngine(logic, messaging, world, world, world, world, listeners, observers,
                new DefaultSagaEngine.Settings(CONSUMER, 3, 3, 100, Duration.ZERO), ReplyFrontier.clockOnly(), world,
                publishing);
    }

    /** Starts the saga in a transaction of its own, as an application's service method would. */
    public <D> void start(SagaDefinition<D> definition, UUID sagaId, D data) {
        world.inTransaction(() -> {
            engine.start(definition, sagaId, data);
            return null;
        });
    }

    /**
     * Hands the engine a reply as its listener would.
     *
     * @return what became of it: {@code APPLIED}, {@code IGNORED}, {@code DUPLICATE}, {@code UNMATCHED} or
     *         {@code PARKED}
     * @throws UnreadableReplyException if the messaging cannot read it
     */
    public String deliver(UUID messageId, UUID sagaId, String type, int schemaVersion, UUID causationId,
                          byte[] payload) {
        return engine.onReply(new ReplyEnvelope(messageId, sagaId, type, schemaVersion, causationId, null, payload))
                .name();
    }

    /**
     * Parks the saga as NEEDS_ATTENTION, as the engine does when handling an input kept failing; for replaying a
     * timeline that recorded such a failure.
     */
    public void park(UUID sagaId, String reason) {
        world.inTransaction(() -> {
            Decision decision = logic.park(world.saga(sagaId), reason, null, null);
            if (decision.after() != null && !world.update(decision.before(), decision.after())) {
                throw new IllegalStateException("saga " + sagaId + " changed while it was parked");
            }
            world.append(decision.history());
            return null;
        });
    }

    /** Runs the deadline poller once; returns the sagas whose deadline fired. */
    public int fireDueDeadlines() {
        return engine.fireDueDeadlines();
    }

    public SagaOperations operations() {
        return engine;
    }

    public SagaMigrations migrations() {
        return engine;
    }

    /** The saga as {@link SagaQueries#find} shows it, timeline included. */
    public Optional<SagaView> find(UUID sagaId) {
        return world.find(sagaId).map(saga -> JdbcSagaQueries.view(saga, timeline(sagaId), json,
                registry.defines(saga.definition())));
    }

    /** The timeline recorded under {@code sagaId}, oldest first; also for ids no saga has. */
    public List<TimelineEntry> timeline(UUID sagaId) {
        List<TimelineEntry> timeline = new ArrayList<>();
        for (HistoryEntry entry : world.history(sagaId)) {
            timeline.add(entry.toTimeline(timeline.size() + 1, json));
        }
        return timeline;
    }

    /** Every outbox row written so far, in order. */
    public List<OutboxMessage> outbox() {
        return world.outbox();
    }

    /** The saga's status as stored, without reading the rest of it. */
    public Optional<SagaStatus> status(UUID sagaId) {
        return world.status(sagaId);
    }

    /** Forgets every saga, timeline entry, outbox row, inbox entry and held reply, as a new empty database. */
    public void clear() {
        world.clear();
    }

    DefaultSagaEngine engine() {
        return engine;
    }

    InMemorySagaWorld world() {
        return world;
    }
}
