package io.sagaengine.engine;

import io.sagaengine.engine.MigrationResult.Outcome;
import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.COk;
import io.sagaengine.engine.TestSaga.DOk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.test.TestClock;
import io.sagaengine.outbox.OutboxMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An operator moves chosen sagas of saga type {@code test} from version 1 (steps a, b, c) to version 2 (a, c, d) with
 * a mapping of states: checked on its own, then against each saga; a dry run writes nothing; a migration is one
 * transaction per saga, checked against the version the operator saw, and recorded in the saga's timeline.
 */
class SagaMigrationTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final SagaDefinition<Data> v1 = TestSaga.definition();
    private final SagaDefinition<Data> v2 = TestSaga.definitionV2();
    private final InMemorySagaEngine older = engine(List.of(v1));
    private final InMemorySagaEngine newer = engine(List.of(v1, v2));
    /** Sagas in b go on in c; sagas in a stay in a. */
    private final SagaMigration bToC = SagaMigration.of("test", 1, 2).map("a", "a").map("b", "c").build();

    private InMemorySagaEngine engine(List<SagaDefinition<?>> definitions) {
        return new InMemorySagaEngine(world, definitions, messaging, clock, () -> 0.5, List::of, List::of,
                OutboxPublishing.always());
    }

    private String reply(InMemorySagaEngine engine, UUID sagaId, TestSaga.Message reply) {
        return engine.deliver(UUID.randomUUID(), sagaId, reply.getClass().getSimpleName(), 1, null,
                messaging.describe(reply).json().getBytes(StandardCharsets.UTF_8));
    }

    private UUID startOnV1(String... stepsDone) {
        UUID id = UUID.randomUUID();
        older.start(v1, id, new Data("x", 0, null));
        for (String step : stepsDone) {
            TestSaga.Message ok = switch (step) {
                case "a" -> new AOk(RequestIds.of(id, "a"), 1);
                case "b" -> new BOk(RequestIds.of(id, "b"), "n");
                case "c" -> new COk(RequestIds.of(id, "c"));
                default -> throw new IllegalArgumentException(step);
            };
            assertThat(reply(older, id, ok)).isEqualTo("APPLIED");
        }
        return id;
    }

    private MigrationTarget target(UUID id) {
        return new MigrationTarget(id, world.saga(id).version());
    }

    private List<String> commandsOf(UUID sagaId) {
        return world.outbox().stream().filter(m -> m.sagaId().equals(sagaId.toString())).map(OutboxMessage::type)
                .toList();
    }

    @Test
    void aDryRunSaysPerSagaWhatWouldHappenAndWritesNothing() {
        UUID inB = startOnV1("a");
        UUID inA = startOnV1();
        UUID inC = startOnV1("a", "b");
        UUID done = startOnV1("a", "b", "c");
        int outbox = world.outbox().size();
        SagaRecord before = world.saga(inB);

        List<MigrationResult> results = newer.migrations().dryRun(bToC,
                List.of(target(inB), target(inA), target(inC), target(done), new MigrationTarget(UUID.randomUUID(), 0)));

        assertThat(results).extracting(MigrationResult::outcome).containsExactly(Outcome.WOULD_MIGRATE,
                Outcome.WOULD_MIGRATE, Outcome.REJECTED, Outcome.FINISHED, Outcome.NOT_FOUND);
        assertThat(results.get(0)).satisfies(r -> {
            assertThat(r.fromState()).isEqualTo("b");
            assertThat(r.toState()).isEqualTo("c");
            assertThat(r.commands()).as("it enters c").containsExactly("DoC");
        });
        assertThat(results.get(1).commands()).as("it keeps waiting for a's command in flight").isEmpty();
        assertThat(results.get(2).detail()).isEqualTo("state c, which the saga is in, is not mapped");
        assertThat(world.saga(inB)).isEqualTo(before);
        assertThat(world.outbox()).hasSize(outbox);
        assertThat(newer.timeline(inB)).noneMatch(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION);
    }

    @Test
    void aPausedSagaIsNotMigratedBecauseTheMigrationCouldSendItsCommand() {
        UUID id = startOnV1("a");
        assertThat(newer.operations().pause(id, world.saga(id).version(), "olga", "OPS-7").kind())
                .isEqualTo(OperatorResult.Kind.APPLIED);
        SagaRecord paused = world.saga(id);
        int outbox = world.outbox().size();

        List<MigrationResult> results = newer.migrations().migrate(bToC, List.of(target(id)), "olga", "OPS-7");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(r.detail()).isEqualTo("the saga is paused");
        });
        assertThat(world.saga(id)).isEqualTo(paused);
        assertThat(world.outbox()).as("nothing sent for a paused saga").hasSize(outbox);
    }

    @Test
    void aMigratedSagaFinishesOnTheNewVersionWithTheMigrationInItsTimeline() {
        UUID id = startOnV1("a");
        long version = world.saga(id).version();

        List<MigrationResult> results = newer.migrations().migrate(bToC, List.of(target(id)), "olga", "OPS-7");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(r.version()).isEqualTo(version + 1);
        });
        SagaRecord migrated = world.saga(id);
        assertThat(migrated.definitionVersion()).isEqualTo(2);
        assertThat(migrated.state()).isEqualTo("c");
        assertThat(migrated.steps()).extracting(StepRecord::name).as("version 2's steps, then b's record")
                .containsExactly("a", "c", "d", "b");
        assertThat(migrated.deadlineAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(10)));
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.OPERATOR_ACTION)
                .singleElement().satisfies(e -> {
                    assertThat(e.event()).isEqualTo(MigrationResult.EVENT);
                    assertThat(e.actor()).isEqualTo("olga");
                    assertThat(e.reason()).isEqualTo("version 1 to 2: OPS-7");
                    assertThat(e.fromState()).isEqualTo("b");
                    assertThat(e.toState()).isEqualTo("c");
                });

        assertThat(reply(newer, id, new BOk(RequestIds.of(id, "b"), "late"))).as("b's late reply").isEqualTo("IGNORED");
        assertThat(reply(newer, id, new COk(RequestIds.of(id, "c")))).isEqualTo("APPLIED");
        assertThat(reply(newer, id, new DOk(RequestIds.of(id, "d")))).isEqualTo("APPLIED");
        assertThat(world.saga(id).status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(commandsOf(id)).containsExactly("DoA", "DoB", "DoC", "DoD");
    }

    @Test
    void aParkedSagaIsMigratedByTheStateItWasParkedInAndStaysParkedUntilAnOperatorActs() {
        UUID id = startOnV1("a");
        assertThat(reply(older, id, new TestSaga.BNo(RequestIds.of(id, "b")))).isEqualTo("APPLIED");
        clock.advance(Duration.ofSeconds(6));
        older.fireDueDeadlines();
        clock.advance(Duration.ofSeconds(7));
        older.fireDueDeadlines();
        assertThat(world.saga(id).status()).as("its compensation's budget spent").isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(world.saga(id).parkedState()).isEqualTo("a.compensating");

        List<MigrationResult> results = newer.migrations().migrate(
                SagaMigration.of("test", 1, 2).map("a.compensating", "a.compensating").build(), List.of(target(id)),
                "olga", "OPS-8");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(r.commands()).isEmpty();
        });
        SagaRecord migrated = world.saga(id);
        assertThat(migrated.definitionVersion()).isEqualTo(2);
        assertThat(migrated.status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(migrated.parkedState()).isEqualTo("a.compensating");
        assertThat(migrated.deadlineAt()).isNull();

        assertThat(newer.operations().retry(id, migrated.version(), "olga", "undo again").kind())
                .isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(reply(newer, id, new TestSaga.AUndone(RequestIds.of(id, "a")))).isEqualTo("APPLIED");
        assertThat(world.saga(id).status()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(commandsOf(id)).containsExactly("DoA", "DoB", "UndoA", "UndoA", "UndoA");
    }

    @Test
    void aSagaThatChangedSinceTheOperatorSawItIsNotMigrated() {
        UUID id = startOnV1("a");
        MigrationTarget seen = new MigrationTarget(id, world.saga(id).version() - 1);

        assertThat(newer.migrations().migrate(bToC, List.of(seen), "olga", "OPS-7")).singleElement()
                .extracting(MigrationResult::outcome).isEqualTo(Outcome.STALE_VERSION);
        assertThat(world.saga(id).definitionVersion()).isEqualTo(1);
    }

    @Test
    void aMigratedSagasReplyReadByABuildWithoutItsNewVersionIsHeldNotAppliedOnTheOldShape() {
        UUID id = startOnV1("a");
        newer.migrations().migrate(bToC, List.of(target(id)), "olga", "OPS-7");

        assertThat(reply(older, id, new COk(RequestIds.of(id, "c")))).isEqualTo("HELD");
        assertThat(world.saga(id).state()).isEqualTo("c");
        newer.fireDueDeadlines();
        assertThat(world.saga(id).state()).isEqualTo("d");
    }

    @Test
    void aMappingThatIsWrongOnItsOwnIsRefusedBeforeAnySagaIsRead() {
        assertThatThrownBy(() -> newer.migrations().dryRun(SagaMigration.of("test", 1, 2).map("b", "x")
                .map("d", "c").map("a", "a.compensating").build(), List.of()))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.problems()).containsExactly(
                        "state a maps to a.compensating: a forward state maps to a forward state, a compensating "
                                + "state to a compensating state",
                        "state b maps to x, which is not a state of version 2 a saga can be in while in flight",
                        "state d is not a state of version 1 a saga can be in while in flight"));
        assertThatThrownBy(() -> older.migrations().migrate(bToC, List.of(), "olga", "OPS-7"))
                .isInstanceOf(InvalidMigrationException.class)
                .hasMessageContaining("this build does not define version 2 of saga type test");
    }

    @Test
    void aMappingThatWouldLoseOrInventACompensationIsRejectedForTheSagasItWouldDoThatTo() {
        UUID inA = startOnV1();
        UUID inB = startOnV1("a");
        SagaDefinition<Data> v3 = SagaDefinition.named("test", Data.class).version(3)
                .step("a").invoke((d, r) -> new TestSaga.DoA(r, d.name())).onSuccess(AOk.class)
                .step("c").invoke((d, r) -> new TestSaga.DoC(r)).onSuccess(COk.class)
                .build();
        InMemorySagaEngine withV3 = engine(List.of(v1, v2, v3));

        List<MigrationResult> intoC = withV3.migrations().dryRun(
                SagaMigration.of("test", 1, 2).map("a", "c").build(), List.of(target(inA)));
        List<MigrationResult> noUndoOfA = withV3.migrations().dryRun(
                SagaMigration.of("test", 1, 3).map("b", "c").build(), List.of(target(inB)));

        assertThat(intoC).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(r.detail()).isEqualTo("step a comes before c in version 2 and has a compensation, but never "
                    + "ran: compensating would undo what was never done; step a is in flight (its command may have "
                    + "run) and has a compensation; version 2 continues in another step, so it would be lost");
        });
        assertThat(noUndoOfA).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(r.detail()).isEqualTo("step a is done and has a compensation, which it has not in version 3: "
                    + "it would be lost");
        });
    }
}
