package io.sagaengine.orchestrator.order;

import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.testsupport.RealServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The order API on the real PostgreSQL and Kafka, with the real order saga: one transaction per order and its
 * saga, idempotency under concurrency, entity tags and long polls woken by changes committed in the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // no participants answer here, so every saga stays in flight: admission (tested in AdmissionIT) would
        // refuse the later tests' orders
        "orders.admission.min-limit=10000", "orders.admission.initial-limit=10000", "orders.admission.max-limit=10000",
        // keep the outbox rows to look at; the relay reads them from the WAL either way
        "outbox.keep-rows=true",
        // no participants answer here: keep the saga from timing out while these tests look at its order
        "saga.order.step-deadline=1h",
        // so that only a change notification can wake a long poll within these tests
        "orders.recheck-interval=1h"})
class OrderApiIT {

    private static final String DATABASE = "orchestrator_order_it";
    private static final RealServers SERVERS = OrchestratorServers.SERVERS;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VALID = OrderRequestParserTest.VALID;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        OrchestratorServers.useRealServers(registry, DATABASE);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    OrderOutcomes outcomes;
    @Autowired
    OrderRepository repository;
    @Autowired
    OrderChangeListener listener;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TransactionTemplate transaction;

    @BeforeEach
    void setUp() {
        transaction = new TransactionTemplate(transactionManager);
    }

    @Test
    void acceptsAnOrderStoresItAndStartsItsSagaInTheSameTransaction() throws Exception {
        HttpResponse<String> response = post(order("accept-1"), Map.of());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        UUID orderId = UUID.fromString(body.get("orderId").asString());
        UUID sagaId = UUID.fromString(body.get("sagaId").asString());
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        assertThat(response.headers().firstValue("Location")).contains("/orders/" + orderId);

        Map<String, Object> row = jdbc.queryForMap("""
                SELECT saga_id, customer_id, status, total::text AS total, currency, version, idempotency_key,
                       items ->> 0 AS first_item, shipping_address ->> 'country' AS country, shipping_address
                  FROM orders WHERE id = ?""", orderId);
        assertThat(row.get("saga_id")).isEqualTo(sagaId);
        assertThat(row.get("customer_id")).isEqualTo("accept-1");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(row.get("total")).isEqualTo("39.98");
        assertThat(row.get("currency")).isEqualTo("EUR");
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat(row.get("idempotency_key")).isNull();
        JsonNode item = JSON.readTree((String) row.get("first_item"));
        assertThat(item.get("sku").asString()).isEqualTo("SKU-1");
        assertThat(item.get("quantity").asInt()).isEqualTo(2);
        assertThat(item.get("unitPrice").asString()).isEqualTo("19.99");
        assertThat(row.get("country")).isEqualTo("DE");
        assertThat(sagasWithId(sagaId)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT type FROM outbox WHERE saga_id = ? AND topic = 'payment.commands'",
                String.class, sagaId.toString())).containsExactly("ChargePayment");
    }

    @Test
    void nothingIsCommittedWhenTheTransactionFails() throws Exception {
        // fails the commit itself, after the order row, the saga and its outbox rows were written
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION order_it_fail() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
        jdbc.execute("""
                CREATE CONSTRAINT TRIGGER order_it_fail AFTER INSERT ON orders DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.customer_id = 'fail-on-commit') EXECUTE FUNCTION order_it_fail()""");
        try {
            long outboxRows = jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class);
            long sagas = jdbc.queryForObject("SELECT count(*) FROM saga_instance", Long.class);

            HttpResponse<String> response = post(order("fail-on-commit"), Map.of("Idempotency-Key", "fail-on-commit"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id = 'fail-on-commit'", Long.class))
                    .isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox", Long.class)).isEqualTo(outboxRows);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_instance", Long.class)).isEqualTo(sagas);
        } finally {
            jdbc.execute("DROP TRIGGER order_it_fail ON orders");
        }
        // the failed attempt did not use the key up
        assertThat(post(order("fail-on-commit"), Map.of("Idempotency-Key", "fail-on-commit")).statusCode())
                .isEqualTo(202);
        assertThat(ordersWithKey("fail-on-commit")).isEqualTo(1);
    }

    @Test
    void theSameKeyAndBodyGiveTheSameAnswerAndOneOrder() throws Exception {
        String key = "same-" + UUID.randomUUID();
        HttpResponse<String> first = post(order("idem-1"), Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(202);
        UUID sagaId = UUID.fromString(JSON.readTree(first.body()).get("sagaId").asString());
        long outboxRows = outboxRowsOf(sagaId);
        long sagas = jdbc.queryForObject("SELECT count(*) FROM saga_instance", Long.class);

        HttpResponse<String> second = post(order("idem-1"), Map.of("Idempotency-Key", key));
        String sameOrderOtherwiseWritten = """
                {"items":[{"unitPrice":19.990,"sku":"SKU-1","quantity":2}],"customerId":"idem-1","currency":"EUR",
                 "shippingAddress":{"country":"DE","name":"Alice","line1":"Main St 1","city":"Berlin","postalCode":"10115"}}""";
        HttpResponse<String> third = post(sameOrderOtherwiseWritten, Map.of("Idempotency-Key", key));

        for (HttpResponse<String> repeat : List.of(second, third)) {
            assertThat(repeat.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(repeat.body())).isEqualTo(JSON.readTree(first.body()));
            assertThat(repeat.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        }
        assertThat(ordersWithKey(key)).isEqualTo(1);
        assertThat(outboxRowsOf(sagaId)).isEqualTo(outboxRows);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_instance", Long.class)).isEqualTo(sagas);
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessable() throws Exception {
        String key = "other-" + UUID.randomUUID();
        assertThat(post(order("idem-2"), Map.of("Idempotency-Key", key)).statusCode()).isEqualTo(202);

        HttpResponse<String> other = post(order("idem-2").replace("\"quantity\": 2", "\"quantity\": 3"),
                Map.of("Idempotency-Key", key));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(ordersWithKey(key)).isEqualTo(1);
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsStillHandledIsAConflict() throws Exception {
        String key = "busy-" + UUID.randomUUID();
        // hold the key as a request in flight would
        transaction.executeWithoutResult(status -> {
            assertThat(repository.tryLock(new IdempotencyKey(key))).isTrue();
            HttpResponse<String> meanwhile = post(order("idem-3"), Map.of("Idempotency-Key", key));
            assertThat(meanwhile.statusCode()).isEqualTo(409);
            assertThat(meanwhile.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        });

        assertThat(post(order("idem-3"), Map.of("Idempotency-Key", key)).statusCode()).isEqualTo(202);
        assertThat(ordersWithKey(key)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneOrder() throws Exception {
        String key = "race-" + UUID.randomUUID();
        HttpRequest request = postRequest(order("idem-4"), Map.of("Idempotency-Key", key));

        List<HttpResponse<String>> responses = IntStream.range(0, 8)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(responses).extracting(HttpResponse::statusCode).isSubsetOf(202, 409).contains(202);
        Set<JsonNode> accepted = responses.stream().filter(r -> r.statusCode() == 202)
                .map(r -> JSON.readTree(r.body())).collect(java.util.stream.Collectors.toSet());
        assertThat(accepted).hasSize(1);
        assertThat(ordersWithKey(key)).isEqualTo(1);
        UUID sagaId = UUID.fromString(accepted.iterator().next().get("sagaId").asString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE saga_id = ?", Long.class, sagaId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM saga_instance s JOIN orders o ON o.saga_id = s.id WHERE o.idempotency_key = ?""",
                Long.class, key)).isEqualTo(1);
    }

    @Test
    void readsAnOrderWithItsEntityTagAndAnswersNotModified() throws Exception {
        UUID orderId = place("read-1");

        HttpResponse<String> read = get(orderId, Map.of());
        assertThat(read.statusCode()).isEqualTo(200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"1\"");
        JsonNode body = JSON.readTree(read.body());
        assertThat(body.get("orderId").asString()).isEqualTo(orderId.toString());
        assertThat(body.get("status").asString()).isEqualTo("PENDING");
        assertThat(body.get("total").asString()).isEqualTo("39.98");
        assertThat(body.get("currency").asString()).isEqualTo("EUR");
        assertThat(body.get("reason").isNull()).isTrue();
        assertThat(body.get("trackingNumber").isNull()).isTrue();
        assertThat(body.get("createdAt").asString()).isNotBlank();
        assertThat(body.get("updatedAt").asString()).isNotBlank();

        HttpResponse<String> again = get(orderId, Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("ETag")).contains(etag);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void aLongPollReturnsAsSoonAsTheOutcomeCommitsAndNotBefore() throws Exception {
        UUID orderId = place("poll-1");
        await().atMost(30, TimeUnit.SECONDS).until(listener::isListening);
        CompletableFuture<HttpResponse<String>> poll = getAsync(orderId, Map.of("If-None-Match", "\"1\"", "Prefer", "wait=20"));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());
        // a change that rolls back wakes nobody
        transaction.executeWithoutResult(status -> {
            outcomes.completed(orderId, "TRACK-ROLLED-BACK");
            status.setRollbackOnly();
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !poll.isDone());
        assertThat(orderEvents(orderId)).as("its event rolled back with it").containsExactly("1 PENDING");

        transaction.executeWithoutResult(status -> outcomes.completed(orderId, "TRACK-1"));
        long committed = System.nanoTime();

        HttpResponse<String> answer = poll.get(5, TimeUnit.SECONDS);
        Duration afterCommit = Duration.ofNanos(System.nanoTime() - committed);
        assertThat(afterCommit).isLessThan(Duration.ofSeconds(2));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=20");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(body.get("trackingNumber").asString()).isEqualTo("TRACK-1");
        assertThat(body.get("reason").isNull()).isTrue();
    }

    @Test
    void aLongPollWakesOnAChangeCommittedByAnotherInstance() throws Exception {
        UUID orderId = place("poll-2");
        await().atMost(30, TimeUnit.SECONDS).until(listener::isListening);
        CompletableFuture<HttpResponse<String>> poll = getAsync(orderId, Map.of("If-None-Match", "\"1\"", "Prefer", "wait=20"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !poll.isDone());
        assertThat(orderEvents(orderId)).as("its event rolled back with it").containsExactly("1 PENDING");

        // what another orchestrator's OrderOutcomes commits, over a connection this application does not own
        try (Connection other = DriverManager.getConnection(SERVERS.jdbcUrl(DATABASE), SERVERS.username(), SERVERS.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement("""
                    UPDATE orders SET status = 'CANCELLED', reason = 'OUT_OF_STOCK', version = version + 1,
                                      updated_at = now() WHERE id = ?""");
                 PreparedStatement notify = other.prepareStatement("SELECT pg_notify('order_changed', ?)")) {
                update.setObject(1, orderId);
                update.executeUpdate();
                notify.setString(1, orderId.toString());
                notify.execute();
            }
            other.commit();
        }

        HttpResponse<String> answer = poll.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(body.get("reason").asString()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void whileListeningTheCurrentTagIsAnsweredWithoutAReadAndAVersionedNotificationEndsTheLongPoll() throws Exception {
        await().atMost(30, TimeUnit.SECONDS).until(listener::isListening);
        UUID orderId = place("memory-1");
        double reads = statusReads("database");
        double fromMemory = statusReads("memory");

        assertThat(get(orderId, Map.of("If-None-Match", "\"1\"")).statusCode()).isEqualTo(304);
        assertThat(get(orderId, Map.of("If-None-Match", "\"1\"", "Prefer", "wait=1")).statusCode()).isEqualTo(304);
        assertThat(statusReads("database")).isEqualTo(reads);
        assertThat(statusReads("memory")).isEqualTo(fromMemory + 2);

        CompletableFuture<HttpResponse<String>> poll = getAsync(orderId, Map.of("If-None-Match", "\"1\"", "Prefer", "wait=20"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !poll.isDone());
        assertThat(orderEvents(orderId)).as("its event rolled back with it").containsExactly("1 PENDING");
        commitElsewhere(orderId, "CANCELLED", orderId + ":2");

        HttpResponse<String> answer = poll.get(5, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(JSON.readTree(answer.body()).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(statusReads("database")).isEqualTo(reads + 1);
        assertThat(get(orderId, Map.of("If-None-Match", "\"2\"")).statusCode()).isEqualTo(304);
        assertThat(statusReads("database")).isEqualTo(reads + 1);
    }

    @Test
    void aChangeMissedWhileTheListenerWasDownIsNeverAnsweredWithAStale304() throws Exception {
        await().atMost(30, TimeUnit.SECONDS).until(listener::isListening);
        UUID orderId = place("missed-1");
        assertThat(get(orderId, Map.of("If-None-Match", "\"1\"")).statusCode()).isEqualTo(304);
        int listening = listenerBackend();

        jdbc.queryForList("SELECT pg_terminate_backend(?)", listening);
        // a change whose notification the listener cannot hear: committed without one
        commitElsewhere(orderId, "CANCELLED", null);
        await().atMost(30, TimeUnit.SECONDS).until(() -> listener.isListening() && listenerBackend() != listening);
        double reads = statusReads("database");

        HttpResponse<String> answer = get(orderId, Map.of("If-None-Match", "\"1\""));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(statusReads("database")).isEqualTo(reads + 1);
    }

    @Test
    void aWrongPasswordOnTheOrderApiIsNeverChecked() throws Exception {
        UUID orderId = place("basic-1");
        String wrong = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("support:wrong".getBytes(StandardCharsets.UTF_8));

        assertThat(get(orderId, Map.of("Authorization", wrong)).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Authorization", wrong).GET()
                .build()).statusCode()).isEqualTo(401);
    }

    @Test
    void aLongPollWithoutChangeAnswersNotModifiedWhenTheWaitIsOver() throws Exception {
        UUID orderId = place("poll-3");
        long started = System.nanoTime();

        HttpResponse<String> answer = get(orderId, Map.of("If-None-Match", "\"1\"", "Prefer", "wait=1"));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=1");
    }

    @Test
    void outcomesAreRecordedOnlyInATransactionAndOnlyOnce() throws Exception {
        UUID completed = place("outcome-1");
        UUID cancelled = place("outcome-2");

        assertThatThrownBy(() -> outcomes.completed(completed, "TRACK-2"))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(version(completed)).isEqualTo(1);

        transaction.executeWithoutResult(status -> outcomes.completed(completed, "TRACK-2"));
        transaction.executeWithoutResult(status -> outcomes.completed(completed, "TRACK-2"));
        assertThat(version(completed)).isEqualTo(2);
        assertThat(orderEvents(completed)).as("one event per change: the repeat announces nothing")
                .containsExactly("1 PENDING", "2 COMPLETED TRACK-2");
        assertThatThrownBy(() -> transaction.executeWithoutResult(
                status -> outcomes.cancelled(completed, OrderOutcomes.CancelReason.TIMED_OUT)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> outcomes.completed(completed, "TRACK-3")))
                .isInstanceOf(IllegalStateException.class);

        transaction.executeWithoutResult(status -> outcomes.cancelled(cancelled, OrderOutcomes.CancelReason.PAYMENT_DECLINED));
        transaction.executeWithoutResult(status -> outcomes.cancelled(cancelled, OrderOutcomes.CancelReason.PAYMENT_DECLINED));
        JsonNode body = JSON.readTree(get(cancelled, Map.of()).body());
        assertThat(body.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(body.get("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        assertThat(body.get("trackingNumber").isNull()).isTrue();
        assertThat(version(cancelled)).isEqualTo(2);
        assertThat(orderEvents(cancelled)).containsExactly("1 PENDING", "2 CANCELLED PAYMENT_DECLINED");
        assertThatThrownBy(() -> transaction.executeWithoutResult(
                status -> outcomes.cancelled(UUID.randomUUID(), OrderOutcomes.CancelReason.OUT_OF_STOCK)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownOrderIsNotFoundAndAMalformedIdIsBadRequest() throws Exception {
        HttpResponse<String> unknown = get(UUID.randomUUID(), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> malformed = send(HttpRequest.newBuilder(uri("/orders/not-a-uuid")).GET().build());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void bodiesOverTheLimitAreRefusedWhetherOrNotTheirLengthIsDeclared() throws Exception {
        byte[] large = ("{\"customerId\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)).build());
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large))).build());

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_id LIKE 'xxxx%'", Long.class)).isZero();
    }

    @Test
    void notJsonIsUnsupported() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(VALID)).build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void theOrderApiHealthAndDocsAreOpenTheRestNeedsCredentials() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build()).statusCode()).isEqualTo(401);

        HttpResponse<String> docs = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(docs.body()).get("paths");
        JsonNode place = paths.get("/orders").get("post");
        assertThat(place.get("responses").propertyNames()).contains("202", "400", "409", "413", "415", "422");
        assertThat(place.get("responses").get("422").get("content").has("application/problem+json")).isTrue();
        assertThat(place.get("requestBody").get("content").has("application/json")).isTrue();
        JsonNode read = paths.get("/orders/{orderId}").get("get");
        assertThat(read.get("responses").propertyNames()).contains("200", "304", "400", "404", "503");
        assertThat(read.get("parameters").findValuesAsString("name")).contains("orderId", "If-None-Match", "Prefer");
    }

    private double statusReads(String source) {
        return meters.get("orders.status.reads").tag("source", source).counter().count();
    }

    /** Another instance's outcome, over a connection this application does not own; no notification when null. */
    private void commitElsewhere(UUID orderId, String status, String notification) throws Exception {
        try (Connection other = DriverManager.getConnection(SERVERS.jdbcUrl(DATABASE), SERVERS.username(), SERVERS.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement("""
                    UPDATE orders SET status = ?, reason = 'OUT_OF_STOCK', version = version + 1,
                                      updated_at = now() WHERE id = ?""")) {
                update.setString(1, status);
                update.setObject(2, orderId);
                update.executeUpdate();
            }
            if (notification != null) {
                try (PreparedStatement notify = other.prepareStatement("SELECT pg_notify('order_changed', ?)")) {
                    notify.setString(1, notification);
                    notify.execute();
                }
            }
            other.commit();
        }
    }

    private int listenerBackend() {
        List<Integer> pids = jdbc.queryForList("""
                SELECT pid FROM pg_stat_activity WHERE application_name = 'order-change-listener'
                   AND datname = current_database()""", Integer.class);
        return pids.isEmpty() ? -1 : pids.get(0);
    }

    private UUID place(String customerId) throws Exception {
        HttpResponse<String> response = post(order(customerId), Map.of());
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("orderId").asString());
    }

    private static String order(String customerId) {
        return VALID.replace("\"alice\"", "\"" + customerId + "\"");
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) {
        return send(postRequest(body, headers));
    }

    private HttpRequest postRequest(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    private HttpResponse<String> get(UUID orderId, Map<String, String> headers) {
        return getAsync(orderId, headers).join();
    }

    private CompletableFuture<HttpResponse<String>> getAsync(UUID orderId, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/orders/" + orderId)).GET();
        headers.forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private long outboxRowsOf(UUID sagaId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox WHERE saga_id = ?", Long.class, sagaId.toString());
    }

    /** The order's events in the outbox (its rows are kept here), oldest first: version, status, reason or tracking. */
    private List<String> orderEvents(UUID orderId) {
        return jdbc.queryForList("""
                SELECT concat_ws(' ', payload ->> 'orderVersion', payload ->> 'status', payload ->> 'reason',
                                 payload ->> 'trackingNumber')
                  FROM outbox WHERE topic = 'order.events' AND aggregateid = ?
                 ORDER BY (payload ->> 'orderVersion')::bigint""", String.class, orderId.toString());
    }

    private long sagasWithId(UUID sagaId) {
        return jdbc.queryForObject("SELECT count(*) FROM saga_instance WHERE id = ?", Long.class, sagaId);
    }

    private long ordersWithKey(String key) {
        return jdbc.queryForObject("SELECT count(*) FROM orders WHERE idempotency_key = ?", Long.class, key);
    }

    private long version(UUID orderId) {
        return jdbc.queryForObject("SELECT version FROM orders WHERE id = ?", Long.class, orderId);
    }
}
