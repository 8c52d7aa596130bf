/**
 * A generic, orchestrated saga engine, as a library: add the {@code saga-engine} dependency to a Spring Boot
 * application that has the outbox, declare a {@link io.sagaengine.engine.SagaDefinition} bean per saga and one
 * {@link io.sagaengine.engine.SagaMessaging} bean, and {@link io.sagaengine.engine.SagaEngineAutoConfiguration}
 * does the rest: the engine's tables (Flyway, {@code classpath:db/saga-engine}, its own history table), the reply
 * listener, the deadline poller, the retention purge of finished sagas, and the beans below. Settings:
 * {@link io.sagaengine.engine.SagaEngineProperties} ({@code saga.engine.*}).
 *
 * <p>The public surface, and nothing else, is meant for applications:
 * <ul>
 *   <li>defining sagas: {@link io.sagaengine.engine.SagaDefinition} (the DSL), {@link io.sagaengine.engine.RetryPolicy},
 *       {@link io.sagaengine.engine.WhenRetriesRunOut}, {@link io.sagaengine.engine.SagaCommandFactory}, {@link io.sagaengine.engine.SagaReplyHandler},
 *       {@link io.sagaengine.engine.SagaOutcomes};</li>
 *   <li>the messaging port: {@link io.sagaengine.engine.SagaMessaging}, {@link io.sagaengine.engine.UnreadableReplyException};</li>
 *   <li>starting sagas: {@link io.sagaengine.engine.SagaEngine};</li>
 *   <li>being told: {@link io.sagaengine.engine.SagaStatusListener} (in the transaction),
 *       {@link io.sagaengine.engine.SagaStatusChange}, {@link io.sagaengine.engine.SagaEngineObserver} (after commit),
 *       {@link io.sagaengine.engine.SagaPurgeListener} (finished sagas deleted by the retention purge, in its
 *       transaction);</li>
 *   <li>operator actions: {@link io.sagaengine.engine.SagaOperations}, {@link io.sagaengine.engine.OperatorResult};
 *       moving sagas to another version of their definition: {@link io.sagaengine.engine.SagaMigrations},
 *       {@link io.sagaengine.engine.SagaMigration}, {@link io.sagaengine.engine.MigrationTarget},
 *       {@link io.sagaengine.engine.MigrationResult}, {@link io.sagaengine.engine.InvalidMigrationException};</li>
 *   <li>queries: {@link io.sagaengine.engine.SagaQueries}, {@link io.sagaengine.engine.SagaView},
 *       {@link io.sagaengine.engine.SagaPage}, {@link io.sagaengine.engine.SagaSearch},
 *       {@link io.sagaengine.engine.TimelineEntry}, {@link io.sagaengine.engine.SagaStatus},
 *       {@link io.sagaengine.engine.StepStatus}, {@link io.sagaengine.engine.SagaEvent};
 *       for admin APIs {@link io.sagaengine.engine.SagaFinder} (criteria {@link io.sagaengine.engine.SagaCriteria},
 *       capped counts {@link io.sagaengine.engine.SagaCount}, {@link io.sagaengine.engine.SagaOverview});
 *       for gauges {@link io.sagaengine.engine.SagaCensus} and {@link io.sagaengine.engine.DeadlineHold};
 *       a saga's timeline in a stable JSON form, to replay against a changed definition:
 *       {@link io.sagaengine.engine.SagaTimelineExport}.</li>
 * </ul>
 * One more public class is for test kits and benchmarks, not applications:
 * {@link io.sagaengine.engine.InMemorySagaEngine}, the engine over in-memory ports (the {@code saga-engine-test}
 * scenarios and the engine benchmark run on it). Every other class of this package (the transition table, the
 * store, the reply listener, the poller) is package-private.
 *
 * <p>A {@link io.sagaengine.engine.SagaDefinition} lists steps; each has a command, a success reply, failure
 * replies (each naming the saga's outcome), optionally a compensation with its reply, a deadline and retry policies.
 * The definition is compiled once into a Spring Statemachine model, checked by the model's verifier, and from it
 * into an immutable transition table; no machine is driven to decide a transition. Its states are the step
 * names (a command in flight), {@code <step>.compensating} (a compensation in flight), {@code COMPLETED},
 * {@code COMPENSATED} and {@code NEEDS_ATTENTION}; its events are {@link io.sagaengine.engine.SagaEvent}s.
 *
 * <p>Each input (start, reply, passed deadline, operator action) is handled in one database transaction: the reply
 * is marked processed in the inbox, the saga row is read, the transition computed, and the saga row (written only if
 * its version is still the one read), its timeline, the outbox rows of the commands sent and the effects of the
 * {@link io.sagaengine.engine.SagaStatusListener}s commit together. A version conflict rolls all of it
 * back and the input is handled again against the saga as the other writer left it. The replies of one poll share
 * a transaction (up to {@code saga.engine.replies.max-batch}), each in a savepoint of its own: a reply whose
 * savepoint rolls back is undone alone, the ones before it commit, and it is then handled on its own as above.
 *
 * <p>A saga can be paused ({@link io.sagaengine.engine.SagaOperations#pause}, or by a step whose retries run out
 * when it is configured so, {@link io.sagaengine.engine.WhenRetriesRunOut#PAUSE}): a flag beside its status and
 * state, not a state of the machine. While paused it sends nothing, its deadline is put aside, and its replies are
 * marked processed and kept with the replies held for saga types a build does not define; the unpause applies them
 * in the order they came, in its own transaction.
 *
 * <p>A step's requestId is created and stored when the step starts, before its command goes out; re-sends and the
 * compensation carry it, so the compensation can be sent even if the command never ran or never answered.
 *
 * <p>Messages are reached only through the {@link io.sagaengine.engine.SagaMessaging} port: the engine
 * knows no message contract.
 */
package io.sagaengine.engine;
