package io.sagaengine.orchestrator.operability;

import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the console stands on, over HTTP on the real servers: the list's filters, bulk actions with a dry run, the
 * overview, API tokens, and CSRF on state changes a browser may have sent by itself.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-support-api-it",
                "saga.order.step-deadline=1h"})
class SupportApiIT extends OrchestratorWithPlayedParticipants {

    private static final String BULK = "{\"filter\": %s, \"reason\": %s, \"dryRun\": %s, \"expectedCount\": %s}";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_support_api_it");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aBulkResumeCountsFirstThenActsOnEachSagaWithItsOwnAuditEntry() throws Exception {
        Instant since = Instant.now();
        List<Placed> parked = List.of(needingAttention(), needingAttention(), needingAttention());
        Placed running = orchestrator.placeOrder();
        String filter = "{\"status\": \"NEEDS_ATTENTION\", \"step\": \"payment\", \"progressedAfter\": \"" + since + "\"}";

        JsonNode dry = Orchestrator.body(ok(bulk(User.OPERATOR, "resume", BULK.formatted(filter, "null", true, "null"))));
        assertThat(dry.get("matched").asLong()).isEqualTo(3);
        assertThat(dry.get("matchedAtLeast").asBoolean()).isFalse();
        assertThat(dry.get("applied").asInt()).isZero();
        assertThat(ids(dry)).containsExactlyInAnyOrderElementsOf(parked.stream().map(Placed::sagaId).toList());
        parked.forEach(p -> assertThat(noOperatorAction(p)).as("a dry run changes nothing").isTrue());

        Orchestrator.problem(bulk(User.SUPPORT, "resume", BULK.formatted(filter, "\"support may not\"", false, 3)), 403);
        JsonNode stale = Orchestrator.problem(bulk(User.OPERATOR, "resume",
                BULK.formatted(filter, "\"confirmed 2\"", false, 2)), 409);
        assertThat(stale.get("matched").asLong()).isEqualTo(3);
        Orchestrator.problem(bulk(User.OPERATOR, "resume", BULK.formatted(filter, "\"  \"", false, 3)), 400);
        Orchestrator.problem(bulk(User.OPERATOR, "resume", BULK.formatted("{}", "\"everything\"", false, "null")), 400);
        assertThat(bulk(User.OPERATOR, "explode", BULK.formatted(filter, "\"no\"", false, 3)).statusCode()).isEqualTo(404);

        JsonNode done = Orchestrator.body(ok(bulk(User.OPERATOR, "resume",
                BULK.formatted(filter, "\"refunds work again, OPS-77\"", false, 3))));
        assertThat(done.get("applied").asInt()).isEqualTo(3);
        assertThat(done.get("skipped").asInt()).isZero();
        for (Placed p : parked) {
            List<JsonNode> actions = timeline(orchestrator.saga(p.sagaId()), "OPERATOR_ACTION", null);
            assertThat(actions).as("each saga's own timeline records who and why").hasSize(1);
            assertThat(actions.get(0).get("actor").asString()).isEqualTo(User.OPERATOR.name);
            assertThat(actions.get(0).get("reason").asString()).isEqualTo("refunds work again, OPS-77");
            assertThat(actions.get(0).get("event").asString()).isEqualTo("OPERATOR_RESUME");
        }
        assertThat(timeline(orchestrator.saga(running.sagaId()), "OPERATOR_ACTION", null)).isEmpty();
    }

    @Test
    void aBulkCountOverMoreSagasThanItsCapSaysAtLeastAndNothingIsDone() throws Exception {
        String type = "capped-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, data, steps, version, started_at, updated_at,
                                           progressed_at)
                SELECT gen_random_uuid(), ?, 'COMPLETED', 'COMPLETED', '{}'::jsonb, '[]'::jsonb, 1, now(), now(), now()
                  FROM generate_series(1, 10001)""", type);
        try {
            String filter = "{\"type\": \"" + type + "\", \"status\": \"COMPLETED\"}";
            JsonNode dry = Orchestrator.body(ok(bulk(User.OPERATOR, "retry", BULK.formatted(filter, "null", true,
                    "null"))));
            assertThat(dry.get("matched").asLong()).as("counted up to saga.admin.count-cap").isEqualTo(10_000);
            assertThat(dry.get("matchedAtLeast").asBoolean()).isTrue();

            JsonNode refused = Orchestrator.problem(bulk(User.OPERATOR, "retry", BULK.formatted(filter,
                    "\"all of them\"", false, "null")), 400);
            assertThat(refused.get("errors").get(0).get("message").asString())
                    .startsWith("matches at least 10000 sagas; at most 1000 per bulk action");
        } finally {
            jdbc.update("DELETE FROM saga_instance WHERE type = ?", type);
        }
    }

    @Test
    void theListFiltersByTypeStepStuckKindAndFindsASagaByItsOrderOrCustomer() throws Exception {
        Placed attention = needingAttention();
        Placed running = orchestrator.placeOrder();

        assertThat(listIds("q=" + attention.orderId())).containsExactly(attention.sagaId());
        assertThat(listIds("q=" + attention.sagaId())).containsExactly(attention.sagaId());
        assertThat(listIds("q=alice&limit=500")).contains(attention.sagaId(), running.sagaId());
        assertThat(listIds("type=order&stuckKind=NEEDS_ATTENTION&step=payment&limit=500"))
                .contains(attention.sagaId()).doesNotContain(running.sagaId());
        assertThat(listIds("stuckKind=PARKED&limit=500")).doesNotContain(attention.sagaId());
        assertThat(listIds("step=inventory&limit=500")).doesNotContain(attention.sagaId());
        assertThat(listIds("type=shipment&limit=500")).isEmpty();
        JsonNode bad = Orchestrator.problem(orchestrator.get("/admin/sagas?stuckKind=LOST&progressedAfter=today&"
                + "status=NOPE", User.SUPPORT), 400);
        assertThat(bad.get("errors")).hasSize(3);

        // the overview is read at most once per saga.admin.overview-cache-ttl (5 s)
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode overview = Orchestrator.body(ok(orchestrator.get("/admin/overview", User.SUPPORT)));
            assertThat(overview.get("stuckTotal").asLong()).isPositive();
            assertThat(overview.get("stuck").toString()).contains("\"kind\":\"NEEDS_ATTENTION\"",
                    "\"state\":\"payment.compensating\"");
            assertThat(overview.get("oldestInFlight").get("sagaId").asString()).isNotBlank();
        });
    }

    @Test
    void aTokenFromBasicSignsInLaterCallsWithoutCsrfAndCannotRenewItself() throws Exception {
        Placed placed = needingAttention();
        HttpResponse<String> issued = send(HttpRequest.newBuilder(orchestrator.uri("/admin/token"))
                .header("Authorization", User.OPERATOR.basic()).POST(HttpRequest.BodyPublishers.noBody()));
        JsonNode token = Orchestrator.body(ok(issued));
        assertThat(token.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(issued.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        String bearer = "Bearer " + token.get("token").asString();

        assertThat(send(HttpRequest.newBuilder(orchestrator.uri("/admin/sagas/" + placed.sagaId()))
                .header("Authorization", bearer).GET()).statusCode()).isEqualTo(200);
        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();
        HttpResponse<String> resumed = send(action(placed.sagaId(), "resume", version).header("Authorization", bearer));
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);

        String tampered = bearer.substring(0, bearer.length() - 2) + (bearer.endsWith("A") ? "BB" : "AA");
        HttpResponse<String> refused = send(HttpRequest.newBuilder(orchestrator.uri("/admin/sagas"))
                .header("Authorization", tampered).GET());
        Orchestrator.problem(refused, 401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        Orchestrator.problem(send(HttpRequest.newBuilder(orchestrator.uri("/admin/token"))
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.noBody())), 403);

        String supportToken = Orchestrator.body(ok(send(HttpRequest.newBuilder(orchestrator.uri("/admin/token"))
                .header("Authorization", User.SUPPORT.basic()).POST(HttpRequest.BodyPublishers.noBody()))))
                .get("token").asString();
        long now = orchestrator.saga(placed.sagaId()).get("version").asLong();
        Orchestrator.problem(send(action(placed.sagaId(), "retry", now).header("Authorization",
                "Bearer " + supportToken)), 403);
    }

    @Test
    void basicCredentialsABrowserSendsByItselfNeedTheCsrfTokenWhileScriptsKeepWorking() throws Exception {
        Placed placed = needingAttention();
        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();
        for (Map.Entry<String, String> browserHeader : Map.of("Origin", "http://elsewhere.example",
                "Sec-Fetch-Site", "cross-site", "Cookie", "JSESSIONID=whatever").entrySet()) {
            HttpResponse<String> forged = send(action(placed.sagaId(), "resume", version)
                    .header("Authorization", User.OPERATOR.basic())
                    .header(browserHeader.getKey(), browserHeader.getValue()));
            assertThat(Orchestrator.problem(forged, 403).get("detail").asString()).as(browserHeader.getKey())
                    .contains("CSRF");
        }
        assertThat(orchestrator.saga(placed.sagaId()).get("version").asLong()).isEqualTo(version);
        HttpResponse<String> script = orchestrator.act(User.OPERATOR, placed.sagaId(), "resume", "" + version,
                "a script with Basic and no cookie");
        assertThat(script.statusCode()).as(script.body()).isEqualTo(200);
    }

    @Test
    void theBulkActionAndTheTokenAreDocumented() throws Exception {
        JsonNode docs = Orchestrator.body(ok(orchestrator.get("/v3/api-docs", null)));
        assertThat(docs.get("paths").propertyNames()).contains("/admin/sagas/bulk/resume", "/admin/sagas/bulk/retry", "/admin/sagas/bulk/compensate", "/admin/token",
                "/admin/overview");
        JsonNode bulk = docs.get("paths").get("/admin/sagas/bulk/resume").get("post");
        assertThat(bulk.get("responses").propertyNames()).contains("200", "400", "401", "403", "409");
        assertThat(docs.get("components").get("schemas").get("AdminBulkRequest").get("properties").propertyNames())
                .contains("filter", "reason", "dryRun", "expectedCount");
        assertThat(docs.get("components").get("securitySchemes").propertyNames()).contains("basicAuth", "bearerToken");
        assertThat(docs.get("paths").get("/admin/token").get("post").get("security").toString()).contains("basicAuth");
        JsonNode list = docs.get("paths").get("/admin/sagas").get("get");
        List<String> parameters = new ArrayList<>();
        list.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).contains("type", "stuckKind", "step", "q", "progressedBefore", "progressedAfter");
    }

    private HttpRequest.Builder action(UUID sagaId, String action, long version) {
        return HttpRequest.newBuilder(orchestrator.uri("/admin/sagas/" + sagaId + "/" + action))
                .header("Content-Type", "application/json").header("If-Match", "\"" + version + "\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"from a test\"}"));
    }

    private HttpResponse<String> bulk(User user, String action, String body) throws Exception {
        return send(HttpRequest.newBuilder(orchestrator.uri("/admin/sagas/bulk/" + action))
                .header("Authorization", user.basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private List<UUID> listIds(String query) throws Exception {
        JsonNode page = Orchestrator.body(ok(orchestrator.get("/admin/sagas?" + query, User.SUPPORT)));
        List<UUID> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(UUID.fromString(i.get("sagaId").asString())));
        return ids;
    }

    private static List<UUID> ids(JsonNode result) {
        List<UUID> ids = new ArrayList<>();
        result.get("sagas").forEach(s -> ids.add(UUID.fromString(s.get("sagaId").asString())));
        return ids;
    }

    private boolean noOperatorAction(Placed placed) {
        try {
            return timeline(orchestrator.saga(placed.sagaId()), "OPERATOR_ACTION", null).isEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

}
