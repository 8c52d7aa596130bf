package io.sagaengine.engine;

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

/**
 * A rolling upgrade from version 1 of saga type {@code test} (steps a, b, c) to version 2 (a, c, d: b removed, d
 * added with a compensation, a waits longer): sagas start on version 1 while only the old build runs; the new build
 * (both versions) joins it on one store, replies and deadlines go to either; an operator migrates a chosen set to
 * version 2. The sagas left alone finish on version 1, the migrated ones and the new ones on version 2, and nothing
 * is applied to the wrong shape or stalls.
 */
class VersionRollingUpgradeTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final SagaDefinition<Data> v1 = TestSaga.definition();
    private final SagaDefinition<Data> v2 = TestSaga.definitionV2();
    private final InMemorySagaEngine oldBuild = engine(List.of(v1));
    private final InMemorySagaEngine newBuild = engine(List.of(v1, v2));

    private InMemorySagaEngine engine(List<SagaDefinition<?>> definitions) {
        return new InMemorySagaEngine(world, definitions, messaging, clock, () -> 0.5, List::of, List::of,
                OutboxPublishing.always());
    }

    /** A reply read by {@code reader}; a reply it holds is applied by the new build's next poll. */
    private void reply(InMemorySagaEngine reader, UUID sagaId, TestSaga.Message reply) {
        String outcome = reader.deliver(UUID.randomUUID(), sagaId, reply.getClass().getSimpleName(), 1, null,
                messaging.describe(reply).json().getBytes(StandardCharsets.UTF_8));
        if (outcome.equals("HELD")) {
            assertThat(reader).as("only a build without the saga's version holds its reply").isSameAs(oldBuild);
            oldBuild.fireDueDeadlines();
            assertThat(world.held()).as("the old build cannot apply it").isNotEmpty();
            newBuild.fireDueDeadlines();
        } else {
            assertThat(outcome).isEqualTo("APPLIED");
        }
        assertThat(world.held()).isEmpty();
    }

    private UUID startOn(InMemorySagaEngine build) {
        UUID id = UUID.randomUUID();
        build.start(v1, id, new Data("trip", 0, null));
        return id;
    }

    private List<String> commandsOf(UUID sagaId) {
        return world.outbox().stream().filter(m -> m.sagaId().equals(sagaId.toString())).map(OutboxMessage::type)
                .toList();
    }

    private static UUID request(UUID sagaId, String step) {
        return RequestIds.of(sagaId, step);
    }

    @Test
    void sagasInFlightFinishOnTheVersionTheyStartedOnAndAMigratedSetFinishesOnTheNewOne() {
        // only the old build runs
        UUID inB = startOn(oldBuild);
        UUID inA = startOn(oldBuild);
        UUID inC = startOn(oldBuild);
        UUID chosenInA = startOn(oldBuild);
        UUID chosenInB = startOn(oldBuild);
        reply(oldBuild, inB, new AOk(request(inB, "a"), 1));
        reply(oldBuild, inC, new AOk(request(inC, "a"), 1));
        reply(oldBuild, inC, new BOk(request(inC, "b"), "n"));
        reply(oldBuild, chosenInB, new AOk(request(chosenInB, "a"), 1));

        // the new build joins: the sagas it starts run on version 2
        UUID fresh = startOn(newBuild);
        SagaMigration migration = SagaMigration.of("test", 1, 2).map("a", "a").map("b", "c").build();
        List<MigrationTarget> chosen = List.of(new MigrationTarget(chosenInA, world.saga(chosenInA).version()),
                new MigrationTarget(chosenInB, world.saga(chosenInB).version()));
        assertThat(newBuild.migrations().dryRun(migration, chosen)).extracting(MigrationResult::outcome)
                .containsOnly(MigrationResult.Outcome.WOULD_MIGRATE);
        assertThat(newBuild.migrations().migrate(migration, chosen, "olga", "move to v2, OPS-9"))
                .extracting(MigrationResult::outcome).containsOnly(MigrationResult.Outcome.MIGRATED);

        // replies and deadlines reach either build
        clock.advance(Duration.ofSeconds(11));
        oldBuild.fireDueDeadlines();
        newBuild.fireDueDeadlines();
        reply(newBuild, inB, new BOk(request(inB, "b"), "n"));
        reply(oldBuild, inB, new COk(request(inB, "c")));
        reply(newBuild, inA, new AOk(request(inA, "a"), 1));
        reply(oldBuild, inA, new BOk(request(inA, "b"), "n"));
        reply(newBuild, inA, new COk(request(inA, "c")));
        reply(newBuild, inC, new COk(request(inC, "c")));
        reply(oldBuild, chosenInA, new AOk(request(chosenInA, "a"), 1));
        reply(newBuild, chosenInA, new COk(request(chosenInA, "c")));
        reply(oldBuild, chosenInA, new DOk(request(chosenInA, "d")));
        reply(oldBuild, chosenInB, new COk(request(chosenInB, "c")));
        reply(newBuild, chosenInB, new DOk(request(chosenInB, "d")));
        reply(oldBuild, fresh, new AOk(request(fresh, "a"), 1));
        reply(oldBuild, fresh, new COk(request(fresh, "c")));
        reply(newBuild, fresh, new DOk(request(fresh, "d")));

        for (UUID id : List.of(inB, inA, inC, chosenInA, chosenInB, fresh)) {
            assertThat(world.saga(id).status()).as("saga %s", id).isEqualTo(SagaStatus.COMPLETED);
        }
        assertThat(List.of(inB, inA, inC)).allSatisfy(id -> {
            assertThat(world.saga(id).definitionVersion()).isEqualTo(1);
            assertThat(commandsOf(id)).as("version 1's steps").containsSubsequence("DoA", "DoB", "DoC")
                    .doesNotContain("DoD");
        });
        assertThat(List.of(chosenInA, fresh)).allSatisfy(id -> {
            assertThat(world.saga(id).definitionVersion()).isEqualTo(2);
            assertThat(commandsOf(id)).as("version 2's steps").containsSubsequence("DoA", "DoC", "DoD")
                    .doesNotContain("DoB");
        });
        assertThat(world.saga(chosenInB).definitionVersion()).isEqualTo(2);
        assertThat(commandsOf(chosenInB)).as("b on version 1, then c (re-sent at its deadline) and d on version 2")
                .containsExactly("DoA", "DoB", "DoC", "DoC", "DoD");
        assertThat(commandsOf(inA)).as("re-sent after its deadline by either build: version 1 waits 10 s")
                .startsWith("DoA", "DoA");
        assertThat(commandsOf(fresh)).as("version 2 waits 20 s for a: not re-sent at 11 s")
                .startsWith("DoA", "DoC");
        assertThat(commandsOf(chosenInA)).as("the wait armed on version 1 before the migration stands")
                .startsWith("DoA", "DoA", "DoC");
    }
}
