package io.sagaengine.orchestrator.operability;

import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work isolation on the real PostgreSQL and Kafka: with a pool of 6 connections, placements hold at most 2 and admin
 * requests 1, so a saturated order API leaves the reply listener, the deadline poller and the purge theirs; and an
 * admin read is cancelled by its timeout rather than holding its connection.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-admission-it",
                "saga.order.step-deadline=1h",
                "spring.datasource.hikari.maximum-pool-size=6",
                "orders.admission.connections.orders=2",
                "orders.admission.connections.admin=1",
                "orders.admission.connections.max-wait=200ms",
                "saga.admin.read-timeout=1s"})
class AdmissionIT extends OrchestratorWithPlayedParticipants {

    private static final Duration SLOW_INSERT = Duration.ofSeconds(8);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_admission_it");
    }

    @Autowired
    DataSourceProperties database;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void dropTheSlowInsert() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER IF EXISTS admission_it_slow ON orders");
        }
    }

    @Test
    void aSaturatedOrderApiLeavesTheReplyPathItsConnections() throws Exception {
        Placed earlier = orchestrator.placeOrder();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION admission_it_slow() RETURNS trigger LANGUAGE plpgsql AS
                    $$ BEGIN PERFORM pg_sleep(%d); RETURN NEW; END $$""".formatted(SLOW_INSERT.toSeconds()));
            statement.execute("""
                    CREATE TRIGGER admission_it_slow BEFORE INSERT ON orders FOR EACH ROW
                    WHEN (NEW.customer_id LIKE 'slow-%') EXECUTE FUNCTION admission_it_slow()""");
        }
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Orchestrator.ORDER.replace("alice", "slow-" + i)))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> sleepingPlacements() >= 2);
        long saturatedAt = System.nanoTime();

        // the order placed before goes on to its end while every placement connection sleeps
        participants.answerAll(List.of(earlier.sagaId()));
        await().atMost(SLOW_INSERT.minusSeconds(3)).until(() -> "COMPLETED".equals(orderStatus(earlier)));
        assertThat(sleepingPlacements()).as("still saturated when the saga completed").isEqualTo(2);

        CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Integer> statuses = slow.stream().map(f -> f.join().statusCode()).toList();
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 503).hasSize(10);
        slow.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 503).forEach(refused -> {
            JsonNode problem = Orchestrator.problem(refused, 503);
            assertThat(problem.get("reason").asString()).isEqualTo("pool");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - saturatedAt)).isLessThan(SLOW_INSERT.plusSeconds(10));
    }

    /** The admin package's own queries, the engine's listing and timeline, the overview with the engine's census. */
    @ParameterizedTest
    @ValueSource(strings = {"/admin/sagas?q=nobody", "/admin/sagas?status=RUNNING",
            "/admin/sagas/6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e", "/admin/overview?olderThan=PT9M"})
    void anAdminReadLongerThanItsTimeoutIsCancelledAndAnsweredAsAProblem(String path) throws Exception {
        try (Connection locker = connect()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE saga_instance IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> listing = CompletableFuture.supplyAsync(() -> {
                try {
                    return orchestrator.get(path, User.SUPPORT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            HttpResponse<String> response;
            try {
                // without a timeout the listing waits for the lock as long as it is held
                response = listing.get(20, TimeUnit.SECONDS);
            } finally {
                locker.rollback();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            JsonNode problem = Orchestrator.problem(response, 503);
            assertThat(problem.get("title").asString()).isEqualTo("Query timed out");
            assertThat(problem.get("timeoutSeconds").asInt()).isEqualTo(1);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    private int sleepingPlacements() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT count(*) FROM pg_stat_activity
                      WHERE datname = current_database() AND wait_event = 'PgSleep'""")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String orderStatus(Placed placed) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT status FROM orders WHERE id = '" + placed.orderId() + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(database.determineUrl(), database.determineUsername(),
                database.determinePassword());
    }
}
