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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two versions of saga type {@code test} (version 2 drops step b, adds step d with a compensation, and waits longer
 * for step a), and two builds on one store: the older defines version 1 only, the newer both. Each saga finishes on
 * the version it started on; a version a build does not define is left to a build that does, as an undefined type is.
 */
class DefinitionVersionsTest {

    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final SagaDefinition<Data> v1 = TestSaga.definition();
    private final SagaDefinition<Data> v2 = TestSaga.definitionV2();
    private final InMemorySagaEngine older = engine(List.of(v1));
    private final InMemorySagaEngine newer = engine(List.of(v1, v2));

    private InMemorySagaEngine engine(List<SagaDefinition<?>> definitions) {
        return new InMemorySagaEngine(world, definitions, messaging, clock, () -> 0.5, List::of, List::of,
                OutboxPublishing.always());
    }

    private String reply(InMemorySagaEngine engine, UUID sagaId, TestSaga.Message reply) {
        return engine.deliver(UUID.randomUUID(), sagaId, reply.getClass().getSimpleName(), 1, null,
                messaging.describe(reply).json().getBytes(StandardCharsets.UTF_8));
    }

    private static UUID request(UUID sagaId, String step) {
        return RequestIds.of(sagaId, step);
    }

    private List<String> commandsOf(UUID sagaId) {
        return world.outbox().stream().filter(m -> m.sagaId().equals(sagaId.toString())).map(OutboxMessage::type)
                .toList();
    }

    @Test
    void aSagaStartedOnVersion1FinishesOnItAfterVersion2IsDeployedAndNewSagasStartOnVersion2() {
        UUID inFlight = UUID.randomUUID();
        older.start(v1, inFlight, new Data("old", 0, null));
        assertThat(reply(older, inFlight, new AOk(request(inFlight, "a"), 1))).isEqualTo("APPLIED");

        UUID fresh = UUID.randomUUID();
        newer.start(v1, fresh, new Data("new", 0, null));

        assertThat(world.saga(inFlight).definitionVersion()).isEqualTo(1);
        assertThat(world.saga(fresh).definitionVersion()).as("the newest registered version").isEqualTo(2);
        assertThat(reply(newer, inFlight, new BOk(request(inFlight, "b"), "n"))).isEqualTo("APPLIED");
        assertThat(reply(newer, inFlight, new COk(request(inFlight, "c")))).isEqualTo("APPLIED");
        assertThat(world.saga(inFlight).status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(commandsOf(inFlight)).as("version 1's steps").containsExactly("DoA", "DoB", "DoC");

        assertThat(reply(newer, fresh, new AOk(request(fresh, "a"), 1))).isEqualTo("APPLIED");
        assertThat(reply(newer, fresh, new COk(request(fresh, "c")))).isEqualTo("APPLIED");
        assertThat(reply(newer, fresh, new DOk(request(fresh, "d")))).isEqualTo("APPLIED");
        assertThat(world.saga(fresh).status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(commandsOf(fresh)).as("version 2's steps").containsExactly("DoA", "DoC", "DoD");
        assertThat(world.saga(fresh).steps()).extracting(StepRecord::name).containsExactly("a", "c", "d");
    }

    @Test
    void deadlinesAndRetriesOfASagaFollowTheVersionItRunsOn() {
        UUID onV1 = UUID.randomUUID();
        older.start(v1, onV1, new Data("old", 0, null));
        UUID onV2 = UUID.randomUUID();
        newer.start(v2, onV2, new Data("new", 0, null));

        clock.advance(Duration.ofSeconds(11));
        assertThat(newer.fireDueDeadlines()).as("version 1 waits 10 s for step a, version 2 20 s").isEqualTo(1);
        assertThat(commandsOf(onV1)).containsExactly("DoA", "DoA");
        assertThat(commandsOf(onV2)).containsExactly("DoA");
    }

    @Test
    void aReplyForASagaOfAVersionThisBuildDoesNotDefineIsHeldAndTheBuildThatDefinesItAppliesIt() {
        UUID id = UUID.randomUUID();
        newer.start(v2, id, new Data("new", 0, null));

        assertThat(reply(older, id, new AOk(request(id, "a"), 7))).isEqualTo("HELD");
        assertThat(world.saga(id).state()).as("not applied on version 1's shape").isEqualTo("a");
        assertThat(newer.timeline(id)).filteredOn(e -> e.kind() == TimelineEntry.Kind.REPLY_HELD).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("version 2 of saga type test is not defined"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(older.fireDueDeadlines()).as("nor its deadlines fired").isZero();
        assertThat(older.operations().retry(id, 0, "olga", "try").kind())
                .isEqualTo(OperatorResult.Kind.TYPE_NOT_DEFINED);
        assertThat(older.find(id).orElseThrow()).satisfies(view -> {
            assertThat(view.definitionVersion()).isEqualTo(2);
            assertThat(view.definedHere()).isFalse();
        });

        newer.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(world.saga(id).state()).as("version 2's next step").isEqualTo("c");
        assertThat(newer.find(id).orElseThrow().definedHere()).isTrue();
    }

    @Test
    void aBuildThatDroppedVersion1HoldsTheRepliesOfAVersion1SagaForABuildThatStillDefinesIt() {
        InMemorySagaEngine v2Only = engine(List.of(v2));
        UUID id = UUID.randomUUID();
        older.start(v1, id, new Data("old", 0, null));

        assertThat(reply(v2Only, id, new AOk(request(id, "a"), 1))).isEqualTo("HELD");
        clock.advance(Duration.ofMinutes(5));
        assertThat(v2Only.fireDueDeadlines()).isZero();
        assertThat(world.saga(id).state()).isEqualTo("a");

        older.fireDueDeadlines();

        assertThat(world.held()).isEmpty();
        assertThat(world.saga(id).state()).as("version 1's next step").isEqualTo("b");
    }

    @Test
    void versionsOfOneTypeShareItsDataTypeAndAreRegisteredOnceEach() {
        assertThatThrownBy(() -> new SagaRegistry(List.of(v1, TestSaga.definition()), 1))
                .hasMessageContaining("two saga definitions are named test version 1");
        SagaDefinition<String> otherData = SagaDefinition.named("test", String.class).version(3).step("a")
                .invoke((d, r) -> new TestSaga.DoC(r)).onSuccess(COk.class).build();
        assertThatThrownBy(() -> new SagaRegistry(List.of(v1, otherData), 1)).hasMessageContaining("one data type");
        assertThatThrownBy(() -> SagaDefinition.named("test", Data.class).version(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(v1.version()).as("the default").isEqualTo(SagaDefinition.FIRST_VERSION);
    }
}
