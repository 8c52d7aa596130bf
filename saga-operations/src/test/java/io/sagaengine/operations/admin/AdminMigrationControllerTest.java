package io.sagaengine.operations.admin;

import io.sagaengine.engine.InvalidMigrationException;
import io.sagaengine.engine.MigrationResult;
import io.sagaengine.engine.MigrationResult.Outcome;
import io.sagaengine.engine.MigrationTarget;
import io.sagaengine.engine.SagaCount;
import io.sagaengine.engine.SagaCriteria;
import io.sagaengine.engine.SagaFinder;
import io.sagaengine.engine.SagaMigration;
import io.sagaengine.engine.SagaMigrations;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The migration endpoint over HTTP with its access rules, the engine's migrations and finder stubbed: what it asks
 * the engine (the mapping, the sagas with their versions, the actor and reason), what it answers, and every refusal
 * as a problem. The database path of a migration is the engine's own (its definition-version integration tests).
 */
@WebMvcTest(controllers = AdminMigrationController.class)
@Import({AdminAccess.class, AdminReads.SettingsConfiguration.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class AdminMigrationControllerTest {

    private static final UUID FIRST = UUID.fromString("6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e");
    private static final UUID SECOND = UUID.fromString("7c2f4f1e-3f5c-4b9e-8a68-4e9f1c2d3e4f");
    private static final SagaMigration MIGRATION = new SagaMigration("order", 1, 2,
            Map.of("payment", "payment", "inventory", "inventory"));
    private static final String MAPPING = """
            "type": "order", "from": 1, "to": 2,
            "states": {"payment": "payment", "inventory": "inventory"}""";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SagaMigrations migrations;
    @MockitoBean
    SagaFinder finder;
    @MockitoBean
    SagaQueries queries;
    @MockitoBean
    AdminReads reads;

    /** The reads run as they are (their transaction and timeout are the integration tests'). */
    @BeforeEach
    void readsRunAsTheyAre() {
        when(reads.read(any())).thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
    }

    private static RequestPostProcessor operator() {
        return user("olga").roles("SUPPORT", "OPERATOR");
    }

    private static MockHttpServletRequestBuilder migrate(String body) {
        return post("/admin/sagas/migrations").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static MigrationResult result(UUID sagaId, Outcome outcome, long version, String detail) {
        boolean fits = outcome == Outcome.MIGRATED || outcome == Outcome.WOULD_MIGRATE;
        return new MigrationResult(sagaId, outcome, version, "inventory", fits ? "inventory" : null,
                fits ? List.of("ReserveInventory") : List.of(), detail);
    }

    @Test
    void aDryRunOfNamedSagasAsksTheEngineWhatWouldHappenAndChangesNothing() throws Exception {
        when(migrations.dryRun(any(), any())).thenReturn(List.of(
                result(FIRST, Outcome.WOULD_MIGRATE, 4, null),
                result(SECOND, Outcome.REJECTED, 9, "state shipping is not mapped")));

        mvc.perform(migrate("{" + MAPPING + ", \"dryRun\": true, \"sagas\": [{\"sagaId\": \"" + FIRST
                        + "\", \"expectedVersion\": 4}, {\"sagaId\": \"" + SECOND + "\", \"expectedVersion\": 9}]}")
                        .with(operator()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dryRun").value(true))
                .andExpect(jsonPath("$.migrated").value(0))
                .andExpect(jsonPath("$.matched").doesNotExist())
                .andExpect(jsonPath("$.results", hasSize(2)))
                .andExpect(jsonPath("$.results[0].sagaId").value(FIRST.toString()))
                .andExpect(jsonPath("$.results[0].outcome").value("WOULD_MIGRATE"))
                .andExpect(jsonPath("$.results[0].version").value(4))
                .andExpect(jsonPath("$.results[0].fromState").value("inventory"))
                .andExpect(jsonPath("$.results[0].toState").value("inventory"))
                .andExpect(jsonPath("$.results[0].commands", contains("ReserveInventory")))
                .andExpect(jsonPath("$.results[1].outcome").value("REJECTED"))
                .andExpect(jsonPath("$.results[1].detail").value("state shipping is not mapped"));

        verify(migrations).dryRun(MIGRATION, List.of(new MigrationTarget(FIRST, 4), new MigrationTarget(SECOND, 9)));
        verify(migrations, never()).migrate(any(), any(), any(), any());
        verifyNoInteractions(finder);
    }

    @Test
    void anAppliedRunByFilterMigratesTheMatchedSagasAtTheVersionsTheyWereMatchedAtWithWhoAndWhy() throws Exception {
        when(finder.count(any(), anyInt())).thenReturn(new SagaCount(2, false));
        when(finder.find(any(), anyInt(), any())).thenReturn(new SagaPage(List.of(
                summary(FIRST, 4), summary(SECOND, 9)), null));
        when(migrations.migrate(any(), any(), any(), any())).thenReturn(List.of(
                result(FIRST, Outcome.MIGRATED, 5, null), result(SECOND, Outcome.STALE_VERSION, 10, "changed")));

        mvc.perform(migrate("{" + MAPPING + ", \"filter\": {\"status\": \"RUNNING\", \"step\": \"inventory\"}, "
                        + "\"expectedCount\": 2, \"reason\": \"  v2 adds a fraud check, OPS-77  \"}").with(operator()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.dryRun").value(false))
                .andExpect(jsonPath("$.matched").value(2))
                .andExpect(jsonPath("$.matchedAtLeast").value(false))
                .andExpect(jsonPath("$.migrated").value(1))
                .andExpect(jsonPath("$.results[0].outcome").value("MIGRATED"))
                .andExpect(jsonPath("$.results[0].version").value(5))
                .andExpect(jsonPath("$.results[1].outcome").value("STALE_VERSION"));

        verify(migrations).migrate(MIGRATION, List.of(new MigrationTarget(FIRST, 4), new MigrationTarget(SECOND, 9)),
                "olga", "v2 adds a fraud check, OPS-77");
        ArgumentCaptor<SagaCriteria> criteria = ArgumentCaptor.forClass(SagaCriteria.class);
        verify(finder).count(criteria.capture(), anyInt());
        assertThat(criteria.getValue().type()).isEqualTo("order");
        assertThat(criteria.getValue().definitionVersion()).as("only sagas on the version migrated from").isEqualTo(1);
        assertThat(criteria.getValue().status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(criteria.getValue().step()).isEqualTo("inventory");
        verify(finder).find(eq(criteria.getValue()), anyInt(), eq(null));
    }

    @Test
    void whenTheFilterNowMatchesAnotherNumberNothingIsMigrated() throws Exception {
        when(finder.count(any(), anyInt())).thenReturn(new SagaCount(3, false));

        mvc.perform(migrate("{" + MAPPING + ", \"filter\": {\"status\": \"RUNNING\"}, \"expectedCount\": 2, "
                        + "\"reason\": \"OPS-77\"}").with(operator()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.matched").value(3));
        verify(migrations, never()).migrate(any(), any(), any(), any());
    }

    @Test
    void aWrongMappingIsAProblemListingEachOfItsProblems() throws Exception {
        when(migrations.dryRun(any(), any())).thenThrow(invalidMigration(List.of(
                "version 2 of saga type order is not defined by this build", "state shiping of version 1 does not exist")));

        mvc.perform(migrate("{" + MAPPING + ", \"dryRun\": true, \"sagas\": [{\"sagaId\": \"" + FIRST
                        + "\", \"expectedVersion\": 4}]}").with(operator()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Invalid migration"))
                .andExpect(jsonPath("$.problems", contains("version 2 of saga type order is not defined by this build",
                        "state shiping of version 1 does not exist")));
    }

    @Test
    void aWrongMappingWithAFilterIsRefusedBeforeAnySagaIsCounted() throws Exception {
        when(migrations.dryRun(any(), eq(List.of()))).thenThrow(invalidMigration(List.of(
                "version 2 of saga type order is not defined by this build")));

        mvc.perform(migrate("{" + MAPPING + ", \"filter\": {\"status\": \"RUNNING\"}, \"reason\": \"OPS-77\"}")
                        .with(operator()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.problems", contains("version 2 of saga type order is not defined by this build")));
        verifyNoInteractions(finder);
        verify(migrations, never()).migrate(any(), any(), any(), any());
    }

    @Test
    void badRequestsAreProblemsAndReachNoSaga() throws Exception {
        String oneSaga = "\"sagas\": [{\"sagaId\": \"" + FIRST + "\", \"expectedVersion\": 4}]";
        Map<String, String> bad = Map.of(
                "{" + MAPPING + ", \"reason\": \"x\"}", "sagas",
                "{" + MAPPING + ", " + oneSaga + ", \"filter\": {\"status\": \"RUNNING\"}, \"reason\": \"x\"}", "sagas",
                "{" + MAPPING + ", " + oneSaga + ", \"reason\": \"   \"}", "reason",
                "{" + MAPPING + ", " + oneSaga + "}", "reason",
                "{" + MAPPING + ", \"filter\": {\"type\": \"trip\"}, \"dryRun\": true}", "filter.type",
                "{" + MAPPING + ", \"filter\": {\"status\": \"LOST\"}, \"dryRun\": true}", "status",
                "{\"type\": \"order\", \"from\": 1, \"to\": 2, \"states\": {}, \"dryRun\": true, " + oneSaga + "}",
                "states",
                "{" + MAPPING + ", \"sagas\": [], \"dryRun\": true}", "sagas");
        for (Map.Entry<String, String> request : bad.entrySet()) {
            mvc.perform(migrate(request.getKey()).with(operator()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value(request.getValue()));
        }
        verifyNoInteractions(migrations, finder);
    }

    @Test
    void onlyOperatorsMigrate() throws Exception {
        String body = "{" + MAPPING + ", \"dryRun\": true, \"sagas\": [{\"sagaId\": \"" + FIRST
                + "\", \"expectedVersion\": 4}]}";
        mvc.perform(migrate(body)).andExpect(status().isUnauthorized());
        mvc.perform(migrate(body).with(user("sam").roles("SUPPORT"))).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(migrations, finder);
    }

    private static SagaPage.Summary summary(UUID sagaId, long version) {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        return new SagaPage.Summary(sagaId, "order", SagaStatus.RUNNING, "inventory", null, null, version, t0, t0, t0,
                null, null, null);
    }

    /** The engine's own exception (its constructor is the engine's), with these problems. */
    private static InvalidMigrationException invalidMigration(List<String> problems) throws Exception {
        Constructor<InvalidMigrationException> constructor = InvalidMigrationException.class
                .getDeclaredConstructor(List.class);
        constructor.setAccessible(true);
        return constructor.newInstance(problems);
    }
}
