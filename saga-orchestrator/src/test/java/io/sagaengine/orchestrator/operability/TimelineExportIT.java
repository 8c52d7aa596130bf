package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.engine.RetryPolicy;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.SagaTimelineExport;
import io.sagaengine.engine.test.ReplayReport;
import io.sagaengine.engine.test.ReplayResult;
import io.sagaengine.engine.test.ReplayResult.Verdict;
import io.sagaengine.engine.test.SagaReplayer;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import io.sagaengine.orchestrator.operability.Participants.Command;
import io.sagaengine.orchestrator.ordersaga.OrderSagaData;
import io.sagaengine.service.contract.ContractSagaMessaging;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Timelines recorded by the running order application on the real PostgreSQL and Kafka, exported through the admin
 * API and replayed with the test kit's {@link SagaReplayer}: the order saga's own definition can continue the saga
 * in flight; a definition without the inventory step cannot, and says where it parts. And the migration endpoint on
 * the real engine, which defines one version of the order saga: a mapping to a version it does not define is
 * refused with the engine's problems. Steps wait an hour for their reply, so a saga stands still where the test
 * leaves it.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-timeline-export-it",
                "saga.order.step-deadline=1h"})
class TimelineExportIT extends OrchestratorWithPlayedParticipants {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_timeline_export_it");
    }

    @Autowired
    SagaDefinition<OrderSagaData> orderSaga;

    @Test
    void anExportedTimelineReplaysOnTheOrderSagaAndAStepRemovedIsFlagged() throws Exception {
        Placed inFlight = orchestrator.placeOrder();        // charged, its stock reservation in flight
        Command charge = participants.awaitCommand(inFlight.sagaId(), ChargePayment.class, 1);
        participants.reply(charge, Participants.success(charge.message()));
        participants.awaitCommand(inFlight.sagaId(), ReserveInventory.class, 1);
        Placed finished = orchestrator.placeOrder();
        participants.answerAll(List.of(finished.sagaId()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.saga(finished.sagaId()).get("status").asString().equals("COMPLETED"));

        HttpResponse<String> one = orchestrator.get("/admin/sagas/" + inFlight.sagaId() + "/export", User.SUPPORT);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        List<SagaTimelineExport> exported = SagaTimelineExport.fromJson(one.body());
        assertThat(exported).singleElement().satisfies(saga -> {
            assertThat(saga.format()).isEqualTo(SagaTimelineExport.FORMAT);
            assertThat(saga.state()).isEqualTo("inventory");
        });

        ReplayReport onOrderSaga = replayer(orderSaga).replayJson(one.body());
        assertThat(onOrderSaga.results()).extracting(ReplayResult::verdict).containsExactly(Verdict.CAN_CONTINUE);
        onOrderSaga.assertEverySagaInFlightCanContinue();

        ReplayReport withoutInventory = replayer(withoutInventoryStep()).replayJson(one.body());
        assertThat(withoutInventory.cannotContinue()).singleElement().satisfies(result -> {
            assertThat(result.sagaId()).isEqualTo(inFlight.sagaId());
            assertThat(result.detail()).contains("recorded transition payment -> inventory")
                    .contains("the definition does transition payment -> shipping");
        });

        // a page at a time, following the next cursor: both sagas; the finished one has nothing left to continue
        Map<UUID, ReplayResult> byId = replayer(orderSaga).replay(exportAll("type=order&limit=1")).results().stream()
                .collect(Collectors.toMap(ReplayResult::sagaId, Function.identity()));
        assertThat(byId.get(inFlight.sagaId()).verdict()).isEqualTo(Verdict.CAN_CONTINUE);
        assertThat(byId.get(finished.sagaId()).verdict()).isEqualTo(Verdict.FINISHED);

        Orchestrator.problem(orchestrator.get("/admin/sagas/" + inFlight.sagaId() + "/export", null), 401);
        Orchestrator.problem(orchestrator.get("/admin/sagas/" + UUID.randomUUID() + "/export", User.SUPPORT), 404);
        Orchestrator.problem(orchestrator.get("/admin/sagas/export?limit=101", User.SUPPORT), 400);
    }

    @Test
    void aMigrationToAVersionThisBuildDoesNotDefineIsRefusedWithTheEnginesProblems() throws Exception {
        Placed placed = orchestrator.placeOrder();
        participants.awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();
        String mapping = "\"type\": \"order\", \"from\": 1, \"to\": 2, \"states\": {\"payment\": \"payment\"}";

        JsonNode refused = Orchestrator.problem(migrate(User.OPERATOR, "{" + mapping + ", \"dryRun\": true, "
                + "\"sagas\": [{\"sagaId\": \"" + placed.sagaId() + "\", \"expectedVersion\": " + version + "}]}"), 400);
        assertThat(refused.get("problems").toString()).contains("version 2");
        JsonNode byFilter = Orchestrator.problem(migrate(User.OPERATOR, "{" + mapping + ", \"filter\": "
                + "{\"status\": \"RUNNING\"}, \"reason\": \"OPS-77\", \"expectedCount\": 1}"), 400);
        assertThat(byFilter.get("problems").toString()).contains("version 2");
        Orchestrator.problem(migrate(User.SUPPORT, "{" + mapping + ", \"dryRun\": true, \"filter\": "
                + "{\"status\": \"RUNNING\"}}"), 403);
        Orchestrator.problem(migrate(User.OPERATOR, "{" + mapping + ", \"filter\": {\"status\": \"RUNNING\"}}"), 400);
        assertThat(orchestrator.saga(placed.sagaId()).get("version").asLong()).as("nothing changed the saga")
                .isEqualTo(version);
    }

    @Test
    void theApiDocsDescribeTheEndpointsAndWhereTheNextCursorComes() throws Exception {
        HttpResponse<String> docs = orchestrator.get("/v3/api-docs", null);
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        JsonNode paths = Orchestrator.body(docs).get("paths");
        assertThat(paths.propertyNames()).contains("/admin/sagas/migrations", "/admin/sagas/{sagaId}/export",
                "/admin/sagas/export");
        assertThat(paths.get("/admin/sagas/export").get("get").get("responses").get("200").get("headers")
                .has("X-Next-Cursor")).isTrue();
        assertThat(paths.get("/admin/sagas/migrations").get("post").get("responses").propertyNames())
                .contains("200", "400", "401", "403", "409");
    }

    private HttpResponse<String> migrate(User user, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(orchestrator.uri("/admin/sagas/migrations"))
                .header("Content-Type", "application/json").header("Authorization", user.basic())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Every export of the listing, following X-Next-Cursor until it is absent. */
    private List<SagaTimelineExport> exportAll(String query) throws Exception {
        List<SagaTimelineExport> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = orchestrator.get("/admin/sagas/export?" + query
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    User.OPERATOR);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            List<SagaTimelineExport> exports = SagaTimelineExport.fromJson(page.body());
            assertThat(exports).as("limit=1").hasSizeLessThanOrEqualTo(1);
            all.addAll(exports);
            cursor = page.headers().firstValue("X-Next-Cursor").orElse(null);
        } while (cursor != null && ++pages < 100);
        return all;
    }

    private static SagaReplayer<OrderSagaData> replayer(SagaDefinition<OrderSagaData> definition) {
        SagaMessaging messaging = ContractSagaMessaging.of(MessageCatalog.standard(), definition);
        return SagaReplayer.of(definition, messaging);
    }

    /** The order saga as a change would leave it: the inventory step removed. */
    private SagaDefinition<OrderSagaData> withoutInventoryStep() {
        return SagaDefinition.named(orderSaga.name(), OrderSagaData.class)
                .defaults(Duration.ofHours(1), RetryPolicy.once(), RetryPolicy.once())
                .step(PaymentParticipant.NAME)
                    .invoke((order, requestId) -> PaymentParticipant.charge(requestId, order.orderId().toString(),
                            order.customerId(), order.total(), order.currency()))
                    .withCompensation((order, requestId) -> PaymentParticipant.refund(requestId,
                            order.orderId().toString(), order.customerId(), order.total(), order.currency()))
                    .onSuccess(PaymentCharged.class)
                    .onFailure(PaymentDeclined.class, "PAYMENT_DECLINED")
                    .compensatedBy(PaymentRefunded.class)
                .step(ShippingParticipant.NAME)
                    .invoke((order, requestId) -> ShippingParticipant.schedule(requestId, order.orderId().toString(),
                            order.address(), order.lines()))
                    .withCompensation((order, requestId) -> ShippingParticipant.cancel(requestId,
                            order.orderId().toString()))
                    .onSuccess(ShipmentScheduled.class)
                    .onFailure(ShippingUnavailable.class, "SHIPPING_UNAVAILABLE")
                    .compensatedBy(ShipmentCancelled.class)
                .build();
    }
}
