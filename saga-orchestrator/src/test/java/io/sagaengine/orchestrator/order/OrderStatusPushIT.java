package io.sagaengine.orchestrator.order;

import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order status pushed over the WebSocket {@code /orders/{orderId}/status} and the event stream
 * {@code /orders/{orderId}/events}, on the real PostgreSQL and Kafka, with real servers and the JDK's HTTP and
 * WebSocket clients: the current status, then the change, then the end; unknown orders and the cap; changes committed
 * by another instance; a restart of the instance an app is connected to.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {OrderStatusPushIT.CONSUMER_GROUP, "outbox.relay.enabled=false",
                // no participants answer here, so every saga stays in flight
                "orders.admission.min-limit=10000", "orders.admission.initial-limit=10000",
                "orders.admission.max-limit=10000", "saga.order.step-deadline=1h",
                // so that only a change notification (or the re-check when the listener listens again) wakes anyone
                "orders.recheck-interval=1h",
                "orders.push.max-connections=" + OrderStatusPushIT.CAP, "orders.push.heartbeat=1s"})
class OrderStatusPushIT {

    static final String CONSUMER_GROUP = "saga.engine.consumer-group=orchestrator-push-it";
    static final int CAP = 2;

    private static final String DATABASE = "orchestrator_push_it";
    private static final RealServers SERVERS = OrchestratorServers.SERVERS;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SOON = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        OrchestratorServers.useRealServers(registry, DATABASE);
    }

    @LocalServerPort
    int port;
    @Autowired
    OrderOutcomes outcomes;
    @Autowired
    OrderChangeListener listener;
    @Autowired
    OrderSubscriptions subscriptions;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Every client a test opened; a test that fails leaves none behind for the next. */
    private final List<Runnable> closing = new ArrayList<>();

    @AfterEach
    void closeClients() {
        closing.forEach(Runnable::run);
    }

    @BeforeEach
    void listeningAndNobodySubscribed() {
        await().atMost(Duration.ofSeconds(30)).until(listener::isListening);
        // a client of an earlier test that went away is noticed by its close, or at the latest by a heartbeat
        await().atMost(SOON).until(() -> subscriptions.subscriberCount() == 0);
    }

    @Test
    void aWebSocketGetsTheCurrentStatusThenTheFinalOneAndANormalClose() throws Exception {
        UUID orderId = place(port, "ws-1");
        StatusSocketClient app = socket(ws(port, orderId));

        await().atMost(SOON).until(() -> app.messages.size() == 1);
        JsonNode first = JSON.readTree(app.messages.get(0));
        assertThat(first.get("status").asString()).isEqualTo("PENDING");
        assertThat(first.get("version").asLong()).isEqualTo(1);
        // the body of GET /orders/{orderId}, and its version (the ETag)
        HttpResponse<String> read = get(port, "/orders/" + orderId);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(withoutVersion(first)).isEqualTo(JSON.readTree(read.body()));
        assertThat(app.closed).isNotDone();

        settle(orderId, "TRACK-WS-1");

        StatusSocketClient.Closed closed = app.closed.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(app.messages).hasSize(2);
        JsonNode last = JSON.readTree(app.messages.get(1));
        assertThat(last.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(last.get("trackingNumber").asString()).isEqualTo("TRACK-WS-1");
        assertThat(last.get("version").asLong()).isEqualTo(2);
        await().atMost(SOON).until(() -> subscriptions.subscriberCount() == 0);

        // an order already final: its status, then the close
        StatusSocketClient late = socket(ws(port, orderId));
        assertThat(late.closed.get(SOON.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1000);
        assertThat(late.messages).hasSize(1);
        assertThat(JSON.readTree(late.messages.get(0)).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aSocketKeepsSmallReceiveBuffersAndClosesOnAClientMessageTooLargeForThem() throws Exception {
        UUID orderId = place(port, "buffers-1");
        StatusSocketClient app = socket(ws(port, orderId));
        await().atMost(SOON).until(() -> app.messages.size() == 1);

        // 2 KiB fit Tomcat's default buffers (8 Ki characters); this socket keeps 1 KiB, since apps send nothing
        app.send("x".repeat(2048));

        StatusSocketClient.Closed closed = app.closed.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.code()).as(closed.reason()).isEqualTo(1009);
        await().atMost(SOON).until(() -> subscriptions.subscriberCount() == 0);
    }

    @Test
    void anUnknownOrderAndAMalformedIdAreClosedWithCodesThatSaySo() throws Exception {
        StatusSocketClient unknown = socket(ws(port, UUID.randomUUID()));
        StatusSocketClient.Closed closed = unknown.closed.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(4404);
        assertThat(closed.reason()).isEqualTo("no such order");
        assertThat(unknown.messages).isEmpty();

        StatusSocketClient malformed = socket(uri(port, "/orders/not-a-uuid/status", "ws"));
        assertThat(malformed.closed.get(SOON.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(4400);

        EventStreamClient stream = stream(events(port, UUID.randomUUID()), null);
        assertThat(stream.status()).isEqualTo(404);
        assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(stream.ended.get(SOON.toSeconds(), TimeUnit.SECONDS)).get("status").asInt())
                .isEqualTo(404);
        assertThat(stream(uri(port, "/orders/not-a-uuid/events", "http"), null).status())
                .isEqualTo(400);
        assertThat(subscriptions.subscriberCount()).isZero();
    }

    @Test
    void overTheCapAWebSocketIsClosedWith1013AndAnEventStreamIsAnswered503() throws Exception {
        UUID orderId = place(port, "cap-1");
        StatusSocketClient first = socket(ws(port, orderId));
        EventStreamClient second = stream(events(port, orderId), null);
        await().atMost(SOON).until(() -> first.messages.size() == 1 && second.events.size() == 1);
        assertThat(subscriptions.subscriberCount()).isEqualTo(CAP);

        StatusSocketClient refused = socket(ws(port, orderId));
        StatusSocketClient.Closed closed = refused.closed.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1013);
        assertThat(closed.reason()).contains("try again later");
        assertThat(refused.messages).isEmpty();
        EventStreamClient refusedStream = stream(events(port, orderId), null);
        assertThat(refusedStream.status()).isEqualTo(503);
        assertThat(refusedStream.response.headers().firstValue("Retry-After")).isPresent();
        assertThat(refusedStream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(refusedStream.ended.get(SOON.toSeconds(), TimeUnit.SECONDS)).get("title").asString())
                .isEqualTo("Too many subscribers");

        // an app that goes away without a word frees its place
        first.abort();
        await().atMost(SOON).until(() -> subscriptions.subscriberCount() == CAP - 1);
        StatusSocketClient next = socket(ws(port, orderId));
        await().atMost(SOON).until(() -> next.messages.size() == 1);

        settle(orderId, "TRACK-CAP-1");
        assertThat(next.closed.get(SOON.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1000);
        second.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anEventStreamSendsIdEventAndDataEndsAfterTheFinalStatusAndResumesFromLastEventId() throws Exception {
        UUID orderId = place(port, "sse-1");
        EventStreamClient stream = stream(events(port, orderId), null);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        await().atMost(SOON).until(() -> stream.events.size() == 1);
        EventStreamClient.Event first = stream.events.get(0);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.name()).isEqualTo("status");
        JsonNode pending = JSON.readTree(first.data());
        assertThat(pending.get("version").asLong()).isEqualTo(1);
        assertThat(withoutVersion(pending))
                .isEqualTo(JSON.readTree(get(port, "/orders/" + orderId).body()));
        // heartbeats every second (orders.push.heartbeat) while nothing changes
        await().atMost(SOON).until(() -> stream.comments.get() >= 1);

        // resumed at the current version: nothing until the change
        EventStreamClient resumed = stream(events(port, orderId), "1");
        assertThat(resumed.status()).isEqualTo(200);
        await().atMost(SOON).until(() -> subscriptions.subscriberCount() == 2);

        settle(orderId, "TRACK-SSE-1");

        stream.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(stream.events).extracting(EventStreamClient.Event::id).containsExactly("1", "2");
        assertThat(JSON.readTree(stream.events.get(1).data()).get("status").asString()).isEqualTo("COMPLETED");
        resumed.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(resumed.events).extracting(EventStreamClient.Event::id).containsExactly("2");

        // reconnecting after an early end, with the id of the last event received: only what is newer
        EventStreamClient afterPending = stream(events(port, orderId), "1");
        afterPending.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
        assertThat(afterPending.events).extracting(EventStreamClient.Event::id).containsExactly("2");
        // the final version seen: nothing will follow, 204 tells an EventSource to stop reconnecting
        EventStreamClient done = stream(events(port, orderId), "2");
        assertThat(done.status()).isEqualTo(204);
    }

    @Test
    void aChangeMissedWhileTheListenerWasDownReachesTheSubscriberWhenItListensAgain() throws Exception {
        UUID orderId = place(port, "missed-1");
        StatusSocketClient app = socket(ws(port, orderId));
        await().atMost(SOON).until(() -> app.messages.size() == 1);
        int listening = listenerBackend();

        jdbc.queryForList("SELECT pg_terminate_backend(?)", listening);
        // committed without a notification: only the re-check when the listener is back can find it
        commitElsewhere(orderId, false);

        StatusSocketClient.Closed closed = app.closed.get(30, TimeUnit.SECONDS);
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(JSON.readTree(app.messages.get(1)).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aChangeCommittedByAnotherInstanceReachesTheSubscribersOfThisOneAndAnAppRidesOutARestart() throws Exception {
        ConfigurableApplicationContext other = startInstance();
        try {
            int otherPort = port(other);
            UUID viaOther = place(port, "other-1");
            StatusSocketClient here = socket(ws(port, viaOther));
            await().atMost(SOON).until(() -> here.messages.size() == 1);

            // settled by the other instance's own outcome path, in its own transaction
            OrderOutcomes otherOutcomes = other.getBean(OrderOutcomes.class);
            new TransactionTemplate(other.getBean(PlatformTransactionManager.class)).executeWithoutResult(
                    status -> otherOutcomes.completed(viaOther, "TRACK-OTHER-1"));

            assertThat(here.closed.get(SOON.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1000);
            assertThat(JSON.readTree(here.messages.get(1)).get("trackingNumber").asString()).isEqualTo("TRACK-OTHER-1");

            // an app connected to the other instance when it restarts
            UUID restarted = place(port, "restart-1");
            StatusSocketClient app = socket(ws(otherPort, restarted));
            EventStreamClient browser = stream(events(otherPort, restarted), null);
            await().atMost(SOON).until(() -> app.messages.size() == 1 && browser.events.size() == 1);

            long stopping = System.nanoTime();
            other.close();
            StatusSocketClient.Closed closed = app.closed.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.code()).as("closed as going away: %s", closed).isEqualTo(1001);
            browser.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
            // told at once, not after the graceful shutdown's wait for requests in flight
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(20));

            // the order changes while the app is away, on the instance that stayed
            settle(restarted, "TRACK-RESTART-1");

            other = startInstance();
            int restartedPort = port(other);
            StatusSocketClient reconnected = socket(ws(restartedPort, restarted));
            assertThat(reconnected.closed.get(SOON.toSeconds(), TimeUnit.SECONDS).code()).isEqualTo(1000);
            assertThat(reconnected.messages).hasSize(1);
            JsonNode current = JSON.readTree(reconnected.messages.get(0));
            assertThat(current.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(current.get("version").asLong()).isEqualTo(2);
            EventStreamClient resumed = stream(events(restartedPort, restarted),
                    browser.events.get(browser.events.size() - 1).id());
            resumed.ended.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertThat(resumed.events).extracting(EventStreamClient.Event::id).containsExactly("2");
        } finally {
            other.close();
        }
    }

    @Test
    void theEventStreamIsInTheOpenApiDocument() throws Exception {
        JsonNode stream = JSON.readTree(get(port, "/v3/api-docs").body()).get("paths").get("/orders/{orderId}/events")
                .get("get");
        assertThat(stream.get("operationId").asString()).isEqualTo("streamOrderStatus");
        assertThat(stream.get("responses").propertyNames()).contains("200", "204", "400", "404", "503");
        assertThat(stream.get("responses").get("200").get("content").has("text/event-stream")).isTrue();
        assertThat(stream.get("responses").get("503").get("content").has("application/problem+json")).isTrue();
        assertThat(stream.get("parameters").findValuesAsString("name")).contains("orderId", "Last-Event-ID");
    }

    private StatusSocketClient socket(URI uri) throws Exception {
        StatusSocketClient client = StatusSocketClient.connect(http, uri);
        closing.add(client::abort);
        return client;
    }

    private EventStreamClient stream(URI uri, String lastEventId) throws Exception {
        EventStreamClient client = EventStreamClient.open(http, uri, lastEventId);
        closing.add(client::close);
        return client;
    }

    /** A second orchestrator on the same database and broker, as another instance behind the load balancer. */
    private static ConfigurableApplicationContext startInstance() {
        Map<String, Object> properties = new HashMap<>(SERVERS.springProperties(DATABASE));
        properties.put("server.port", "0");
        properties.put("saga.engine.consumer-group", "orchestrator-push-it");
        properties.put("outbox.relay.enabled", "false");
        properties.put("orders.admission.min-limit", "10000");
        properties.put("orders.admission.initial-limit", "10000");
        properties.put("orders.admission.max-limit", "10000");
        properties.put("saga.order.step-deadline", "1h");
        properties.put("orders.recheck-interval", "1h");
        // as command-line arguments: default properties would not override the application's configuration
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrchestratorApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
        OrderChangeListener otherListener = context.getBean(OrderChangeListener.class);
        await().atMost(Duration.ofSeconds(30)).until(otherListener::isListening);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private void settle(UUID orderId, String trackingNumber) {
        new TransactionTemplate(transactionManager)
                .executeWithoutResult(status -> outcomes.completed(orderId, trackingNumber));
    }

    /** Another instance's outcome over a connection this application does not own; with its notification or none. */
    private void commitElsewhere(UUID orderId, boolean notify) throws Exception {
        try (Connection other = DriverManager.getConnection(SERVERS.jdbcUrl(DATABASE), SERVERS.username(), SERVERS.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement("""
                    UPDATE orders SET status = 'CANCELLED', reason = 'OUT_OF_STOCK', version = version + 1,
                                      updated_at = now() WHERE id = ?""")) {
                update.setObject(1, orderId);
                update.executeUpdate();
            }
            if (notify) {
                try (PreparedStatement notification = other.prepareStatement("SELECT pg_notify('order_changed', ?)")) {
                    notification.setString(1, orderId + ":2");
                    notification.execute();
                }
            }
            other.commit();
        }
    }

    private int listenerBackend() {
        List<Integer> pids = jdbc.queryForList("""
                SELECT pid FROM pg_stat_activity WHERE application_name = 'order-change-listener'
                   AND datname = current_database() AND pid <> pg_backend_pid()""", Integer.class);
        return pids.isEmpty() ? -1 : pids.get(0);
    }

    private UUID place(int onPort, String customerId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(onPort, "/orders", "http"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        OrderRequestParserTest.VALID.replace("\"alice\"", "\"" + customerId + "\"")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("orderId").asString());
    }

    private HttpResponse<String> get(int onPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(onPort, path, "http")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode withoutVersion(JsonNode pushed) {
        ObjectNode copy = (ObjectNode) pushed.deepCopy();
        copy.remove("version");
        return copy;
    }

    private static URI ws(int onPort, UUID orderId) {
        return uri(onPort, "/orders/" + orderId + "/status", "ws");
    }

    private static URI events(int onPort, UUID orderId) {
        return uri(onPort, "/orders/" + orderId + "/events", "http");
    }

    private static URI uri(int onPort, String path, String scheme) {
        return URI.create(scheme + "://localhost:" + onPort + path);
    }
}
