package io.sagaengine.operations.admin;

import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.operations.admin.AdminSagaViews.ActionResult;
import io.sagaengine.operations.admin.BulkViews.BulkResult;
import io.sagaengine.operations.admin.BulkViews.SagaOutcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Operator actions and bulk outcomes are types in the code and keep their JSON: lower-case actions, outcome names. */
class BulkViewsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID SAGA = UUID.fromString("7c0d1a36-0f55-4c7e-9d3a-2a8d1f1f0b11");

    @Test
    void aBulkResultIsWrittenAsBefore() {
        BulkResult result = new BulkResult(OperatorAction.COMPENSATE, false, 2, false, 1, 1, List.of(
                SagaOutcome.of(SAGA, new OperatorResult(OperatorResult.Kind.APPLIED, 8, SagaStatus.COMPENSATING,
                        "payment.compensating")),
                SagaOutcome.of(SAGA, new OperatorResult(OperatorResult.Kind.STALE_VERSION, 9, SagaStatus.RUNNING,
                        "payment"))));

        JsonNode json = JSON.readTree(JSON.writeValueAsString(result));

        assertThat(json.get("action").asString()).isEqualTo("compensate");
        assertThat(json.get("sagas").get(0).get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(json.get("sagas").get(1).get("outcome").asString()).isEqualTo("STALE_VERSION");
        assertThat(json.get("sagas").get(0).get("status").asString()).isEqualTo("COMPENSATING");
        assertThat(JSON.writeValueAsString(new ActionResult(SAGA, OperatorAction.RESUME, SagaStatus.RUNNING, "payment",
                3))).contains("\"action\":\"resume\"");
    }

    @Test
    void everyResultOfTheEngineIsAnOutcomeOfTheSameName() {
        assertThat(Arrays.stream(OperatorResult.Kind.values()).map(BulkOutcome::of).map(Enum::name))
                .containsExactly(Arrays.stream(OperatorResult.Kind.values()).map(Enum::name).toArray(String[]::new));
        assertThat(Arrays.stream(OperatorAction.values()).map(OperatorAction::label))
                .containsExactly("retry", "compensate", "resume", "pause", "unpause");
    }
}
