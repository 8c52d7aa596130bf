package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import io.sagaengine.orchestrator.operability.Participants.Command;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The admin API, metrics and health groups on the real PostgreSQL and Kafka with the relay on; the test plays the
 * participants. Steps wait an hour for their reply (so sagas stand still where a test leaves them); compensations
 * wait 1 s, twice, before the saga needs attention.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-admin-api-it",
                "saga.order.step-deadline=1h",
                "saga.monitoring.census-interval=200ms",
                "saga.engine.retention.purge-interval=300ms"})
class AdminApiIT extends OrchestratorWithPlayedParticipants {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_admin_api_it");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void supportReadsOperatorsActOnceWithAReasonAndEveryRefusalIsAProblem() throws Exception {
        Placed placed = needingAttention();
        UUID saga = placed.sagaId();
        Orchestrator.problem(orchestrator.get("/admin/sagas/" + saga, null), 401);
        HttpResponse<String> read = orchestrator.get("/admin/sagas/" + saga, User.SUPPORT);
        assertThat(read.statusCode()).isEqualTo(200);
        long version = Orchestrator.body(read).get("version").asLong();
        assertThat(read.headers().firstValue("ETag")).contains("\"" + version + "\"");

        Orchestrator.problem(orchestrator.act(null, saga, "resume", "" + version, "no one"), 401);
        Orchestrator.problem(orchestrator.act(User.SUPPORT, saga, "resume", "" + version, "support may not"), 403);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "compensate", "" + version,
                "already compensating"), 409);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", "" + (version - 1), "stale"), 412);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", null, "no version"), 428);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", "" + version, "  "), 400);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, UUID.randomUUID(), "retry", "1", "unknown"), 404);
        assertThat(orchestrator.saga(saga).get("version").asLong()).as("no refusal changed the saga").isEqualTo(version);

        HttpResponse<String> retried = orchestrator.act(User.OPERATOR, saga, "retry", "" + version,
                "refunds work again, see OPS-9");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        JsonNode result = Orchestrator.body(retried);
        assertThat(result.get("status").asString()).isEqualTo("COMPENSATING");
        assertThat(result.get("version").asLong()).isGreaterThan(version);
        assertThat(retried.headers().firstValue("ETag")).contains("\"" + result.get("version").asLong() + "\"");

        // the same request again (say, a double click): the old version no longer matches, nothing happens twice
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", "\"" + version + "\"",
                "refunds work again, see OPS-9"), 412);
        JsonNode after = orchestrator.saga(saga);
        List<JsonNode> actions = timeline(after, "OPERATOR_ACTION", null);
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).get("actor").asString()).isEqualTo(User.OPERATOR.name);
        assertThat(actions.get(0).get("reason").asString()).isEqualTo("refunds work again, see OPS-9");
        assertThat(actions.get(0).get("event").asString()).isEqualTo("OPERATOR_RETRY");
        assertThat(timeline(after, "COMMAND_SENT", "RefundPayment")).as("two sends, then the operator's one")
                .hasSize(3);

        Command third = participants.awaitCommand(saga, RefundPayment.class, 3);
        participants.reply(third, Participants.success(third.message()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.order(placed.orderId()).get("status").asString().equals("CANCELLED"));
        JsonNode done = orchestrator.saga(saga);
        assertThat(done.get("status").asString()).isEqualTo("COMPENSATED");
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", done.get("version").asString(),
                "nothing left to retry"), 409);
    }

    @Test
    void anOperatorCompensatesARunningSagaAndItsStepInFlightToo() throws Exception {
        Placed placed = orchestrator.placeOrder();
        Command charge = participants.awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();

        HttpResponse<String> compensated = orchestrator.act(User.OPERATOR, placed.sagaId(), "compensate",
                "\"" + version + "\"", "customer called to cancel");
        assertThat(compensated.statusCode()).as(compensated.body()).isEqualTo(200);
        Command refund = participants.awaitCommand(placed.sagaId(), RefundPayment.class, 1);
        assertThat(refund.message().requestId()).as("the charge in flight may have run: it is refunded")
                .isEqualTo(charge.message().requestId());
        participants.reply(refund, Participants.success(refund.message()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode order = orchestrator.order(placed.orderId());
            assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(order.get("reason").asString()).isEqualTo("CANCELLED_BY_OPERATOR");
        });
        assertThat(steps(orchestrator.saga(placed.sagaId())))
                .containsExactly("payment COMPENSATED", "inventory PENDING", "shipping PENDING");
    }

    @Test
    void aPausedSagaKeepsItsReplyAndGoesOnWithItWhenUnpaused() throws Exception {
        Placed placed = orchestrator.placeOrder();
        UUID saga = placed.sagaId();
        Command charge = participants.awaitCommand(saga, ChargePayment.class, 1);
        long version = orchestrator.saga(saga).get("version").asLong();

        Orchestrator.problem(orchestrator.act(User.SUPPORT, saga, "pause", "" + version, "support may not"), 403);
        HttpResponse<String> paused = orchestrator.act(User.OPERATOR, saga, "pause", "\"" + version + "\"",
                "customer disputes the address, OPS-77");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        JsonNode pause = Orchestrator.body(paused);
        assertThat(pause.get("action").asString()).isEqualTo("pause");
        assertThat(pause.get("status").asString()).as("a pause is not a status").isEqualTo("RUNNING");
        assertThat(pause.get("state").asString()).isEqualTo("payment");
        long pausedVersion = pause.get("version").asLong();
        assertThat(paused.headers().firstValue("ETag")).contains("\"" + pausedVersion + "\"");
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "pause", "" + pausedVersion, "twice"), 409);
        Orchestrator.problem(orchestrator.act(User.OPERATOR, saga, "retry", "" + pausedVersion, "while paused"), 409);

        JsonNode read = orchestrator.saga(saga);
        assertThat(read.get("pausedAt").isNull()).as("pausedAt: %s", read.get("pausedAt")).isFalse();
        assertThat(read.get("definitionVersion").asInt()).isEqualTo(1);
        assertThat(read.get("definedHere").asBoolean()).isTrue();
        List<JsonNode> pausedOnes = listAll("paused=true&limit=500");
        assertThat(sagaIds(pausedOnes)).contains(saga);
        assertThat(pausedOnes).allSatisfy(i -> assertThat(i.get("pausedAt").isNull()).isFalse());
        assertThat(sagaIds(listAll("paused=false&type=order&limit=500"))).doesNotContain(saga);
        assertThat(sagaIds(listAll("paused=true&step=payment&limit=500"))).contains(saga);

        participants.reply(charge, Participants.success(charge.message()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !timeline(orchestrator.saga(saga), "REPLY_HELD", "PaymentCharged").isEmpty());
        JsonNode held = orchestrator.saga(saga);
        assertThat(held.get("state").asString()).as("the reply is kept, not applied").isEqualTo("payment");
        assertThat(timeline(held, "COMMAND_SENT", "ReserveInventory")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                orchestrator.get("/actuator/prometheus", User.OPERATOR).body()).contains("saga_paused{saga=\"order\"} 1.0"));

        HttpResponse<String> unpaused = orchestrator.act(User.OPERATOR, saga, "unpause",
                held.get("version").asString(), "address confirmed by phone");
        assertThat(unpaused.statusCode()).as(unpaused.body()).isEqualTo(200);
        JsonNode unpause = Orchestrator.body(unpaused);
        assertThat(unpause.get("action").asString()).isEqualTo("unpause");
        assertThat(unpause.get("state").asString()).as("the kept reply was applied").isEqualTo("inventory");
        Command reserve = participants.awaitCommand(saga, ReserveInventory.class, 1);
        assertThat(reserve).isNotNull();

        JsonNode after = orchestrator.saga(saga);
        assertThat(after.get("pausedAt").isNull()).isTrue();
        assertThat(timeline(after, "OPERATOR_ACTION", null)).extracting(e -> e.get("event").asString(),
                        e -> e.get("actor").asString(), e -> e.get("reason").asString())
                .containsExactly(tuple("OPERATOR_PAUSE", User.OPERATOR.name,
                                "customer disputes the address, OPS-77"),
                        tuple("OPERATOR_UNPAUSE", User.OPERATOR.name,
                                "address confirmed by phone"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                orchestrator.get("/actuator/prometheus", User.OPERATOR).body()).contains("saga_paused{saga=\"order\"} 0.0"));

        JsonNode paths = Orchestrator.body(orchestrator.get("/v3/api-docs", null)).get("paths");
        assertThat(paths.propertyNames()).contains("/admin/sagas/{sagaId}/pause", "/admin/sagas/{sagaId}/unpause",
                "/admin/sagas/bulk/pause", "/admin/sagas/bulk/unpause");
        assertThat(StreamSupport.stream(paths.get("/admin/sagas").get("get").get("parameters").spliterator(), false)
                .map(p -> p.get("name").asString())).contains("paused");
    }

    @Test
    void theStuckListFindsExactlyTheStuckSagasAndSaysWhy() throws Exception {
        Duration threshold = Duration.ofSeconds(5);
        Placed waiting = orchestrator.placeOrder();                // never answered: no progress
        Placed progressing = orchestrator.placeOrder();            // answered just before the list is read
        Placed needsAttention = needingAttention();                // its refund is never answered
        Placed parked = parked();                                  // a reply that cannot be applied
        Placed completed = orchestrator.placeOrder();
        participants.answerAll(List.of(completed.sagaId()));
        Placed declined = orchestrator.placeOrder();
        Command charge = participants.awaitCommand(declined.sagaId(), ChargePayment.class, 1);
        participants.reply(charge, new PaymentDeclined(charge.message().requestId(), charge.message().businessKey(),
                PaymentDeclined.INSUFFICIENT_CREDIT));
        await().atMost(Duration.ofSeconds(30)).until(() -> orchestrator.saga(completed.sagaId()).get("status")
                .asString().equals("COMPLETED") && orchestrator.saga(declined.sagaId()).get("status").asString()
                .equals("COMPENSATED"));
        Command progressingCharge = participants.awaitCommand(progressing.sagaId(), ChargePayment.class, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Duration.between(Instant.parse(orchestrator.saga(
                waiting.sagaId()).get("progressedAt").asString()), Instant.now()).compareTo(threshold) > 0);

        participants.reply(progressingCharge, Participants.success(progressingCharge.message()));
        await().atMost(Duration.ofSeconds(4)).until(() ->
                orchestrator.saga(progressing.sagaId()).get("state").asString().equals("inventory"));
        List<JsonNode> stuck = listAll("stuck=true&olderThan=PT5S&limit=2");

        Map<UUID, String> mine = new HashMap<>();
        for (JsonNode item : stuck) {
            assertThat(item.get("stuckReason").isNull()).as("every listed saga says why: %s", item).isFalse();
            boolean needsAttentionNow = item.get("status").asString().equals("NEEDS_ATTENTION");
            boolean noProgress = Instant.parse(item.get("progressedAt").asString()).isBefore(Instant.now().minus(threshold));
            assertThat(needsAttentionNow || noProgress).as("listed, so stuck: %s", item).isTrue();
            UUID id = UUID.fromString(item.get("sagaId").asString());
            if (Set.of(waiting.sagaId(), progressing.sagaId(), needsAttention.sagaId(), parked.sagaId(),
                    completed.sagaId(), declined.sagaId()).contains(id)) {
                mine.put(id, item.get("stuckReason").asString());
            }
        }
        assertThat(mine).containsOnlyKeys(waiting.sagaId(), needsAttention.sagaId(), parked.sagaId());
        assertThat(mine.get(waiting.sagaId())).startsWith("NO_PROGRESS_SINCE ");
        assertThat(mine.get(needsAttention.sagaId()))
                .isEqualTo("NEEDS_ATTENTION: step payment: no reply to its compensation after 2 sends");
        assertThat(mine.get(parked.sagaId())).startsWith("PARKED: handling reply ShipmentScheduled failed 3 times");
        assertThat(stuck.stream().map(i -> i.get("sagaId").asString()).distinct()).as("no saga on two pages")
                .hasSize(stuck.size());

        List<JsonNode> completedOnes = listAll("status=COMPLETED&limit=500");
        assertThat(completedOnes).extracting(i -> i.get("sagaId").asString()).contains(completed.sagaId().toString())
                .doesNotContain(waiting.sagaId().toString(), parked.sagaId().toString());
        assertThat(completedOnes).allSatisfy(i -> assertThat(i.get("stuckReason").isNull()).isTrue());
    }

    @Test
    void theListShowsOneSagaTypeWhenAskedAndEveryTypeOtherwise() throws Exception {
        Placed order = orchestrator.placeOrder();
        // a saga of another type, as another definition of this application would leave it
        UUID refund = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, data, steps, version, started_at, updated_at,
                                           progressed_at)
                VALUES (?, 'refund', 'COMPLETED', 'COMPLETED', '{}'::jsonb, '[]'::jsonb, 1, now(), now(), now())""",
                refund);

        assertThat(sagaIds(listAll("limit=500"))).contains(order.sagaId(), refund);
        List<JsonNode> orders = listAll("type=order&limit=2");
        assertThat(orders).allSatisfy(i -> assertThat(i.get("type").asString()).isEqualTo("order"));
        assertThat(sagaIds(orders)).contains(order.sagaId()).doesNotContain(refund);
        assertThat(sagaIds(listAll("type=refund&status=COMPLETED"))).containsExactly(refund);
        assertThat(listAll("type=no-such-saga")).isEmpty();
        JsonNode bad = Orchestrator.problem(orchestrator.get("/admin/sagas?type=" + "t".repeat(101), User.SUPPORT),
                400);
        assertThat(bad.get("errors").get(0).get("field").asString()).isEqualTo("type");

        JsonNode list = Orchestrator.body(orchestrator.get("/v3/api-docs", null)).get("paths").get("/admin/sagas")
                .get("get");
        assertThat(StreamSupport.stream(list.get("parameters").spliterator(), false)
                .map(p -> p.get("name").asString())).contains("type", "status", "stuck", "olderThan", "limit", "cursor");
    }

    @Test
    void sagasOfATypeThisBuildDoesNotDefineAreCountedListedAndShownButNotActedOn() throws Exception {
        Placed order = orchestrator.placeOrder();
        // a saga of a newer build's type, with a reply this build read and held for it (as a rolling upgrade leaves
        // them; the engine's own tests hold replies off the topic)
        UUID newer = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO saga_instance (id, type, status, state, data, steps, version, started_at, updated_at,
                                           progressed_at)
                VALUES (?, 'refund-v2', 'RUNNING', 'refund', '{"orderId": "o-9"}'::jsonb, '[]'::jsonb, 3, now(), now(),
                        now())""", newer);
        UUID heldReply = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO saga_held_reply (message_id, saga_id, saga_type, message_type, schema_version, payload,
                                             held_at)
                VALUES (?, ?, 'refund-v2', 'RefundIssued', 1, convert_to('{"amount": "1.00"}', 'UTF8'), now())""",
                heldReply, newer);
        jdbc.update("""
                INSERT INTO saga_history (saga_id, at, kind, message_id, message_type, payload, reason)
                VALUES (?, now(), 'REPLY_HELD', ?, 'RefundIssued', '{"amount": "1.00"}'::jsonb,
                        'saga type refund-v2 is not defined by this build')""", newer, heldReply);
        try {
            // the overview is read at most once per saga.admin.overview-cache-ttl (5 s)
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode overview = Orchestrator.body(orchestrator.get("/admin/overview", User.SUPPORT));
                assertThat(StreamSupport.stream(overview.get("undefinedTypes").spliterator(), false)
                        .filter(t -> t.get("type").asString().equals("refund-v2"))).singleElement().satisfies(t -> {
                            assertThat(t.get("inFlight").asLong()).isEqualTo(1);
                            assertThat(t.get("heldReplies").asLong()).isEqualTo(1);
                        });
                assertThat(overview.get("undefinedTypes").toString()).doesNotContain("\"order\"");
            });

            List<JsonNode> notHere = listAll("definedHere=false&limit=500");
            assertThat(sagaIds(notHere)).contains(newer).doesNotContain(order.sagaId());
            assertThat(notHere).allSatisfy(i -> assertThat(i.get("definedHere").asBoolean()).isFalse());
            assertThat(sagaIds(listAll("definedHere=true&limit=500"))).contains(order.sagaId()).doesNotContain(newer);
            assertThat(sagaIds(listAll("definedHere=false&status=RUNNING&type=refund-v2"))).containsExactly(newer);

            HttpResponse<String> read = orchestrator.get("/admin/sagas/" + newer, User.SUPPORT);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode saga = Orchestrator.body(read);
            assertThat(saga.get("definedHere").asBoolean()).isFalse();
            assertThat(saga.get("timeline").get(0).get("kind").asString()).isEqualTo("REPLY_HELD");

            JsonNode refused = Orchestrator.problem(orchestrator.act(User.OPERATOR, newer, "retry", "3",
                    "move it along"), 409);
            assertThat(refused.get("detail").asString()).startsWith("This build does not define saga type refund-v2");
            assertThat(orchestrator.saga(newer).get("version").asLong()).as("nothing written").isEqualTo(3);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    orchestrator.get("/actuator/prometheus", User.OPERATOR).body()).contains(
                    "saga_types_undefined{saga=\"refund-v2\"} 1.0", "saga_replies_held{saga=\"refund-v2\"} 1.0"));
        } finally {
            jdbc.update("DELETE FROM saga_held_reply WHERE saga_id = ?", newer);
            jdbc.update("DELETE FROM saga_history WHERE saga_id = ?", newer);
            jdbc.update("DELETE FROM saga_instance WHERE id = ?", newer);
        }
    }

    @Test
    void aSagaFinishedLongerAgoThanTheRetentionGoesWithItsOrderAndIsCounted() throws Exception {
        Placed finished = orchestrator.placeOrder();
        participants.answerAll(List.of(finished.sagaId()));
        Placed attention = needingAttention();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.saga(finished.sagaId()).get("status").asString().equals("COMPLETED"));
        // both finished or parked eight days ago, as far as the purge can tell
        jdbc.update("UPDATE saga_instance SET progressed_at = now() - interval '8 days' WHERE id IN (?, ?)",
                finished.sagaId(), attention.sagaId());

        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.get("/admin/sagas/" + finished.sagaId(), User.SUPPORT).statusCode() == 404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE saga_id = ?", Long.class,
                finished.sagaId())).as("the order went with its saga").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_history WHERE saga_id = ?", Long.class,
                finished.sagaId())).as("and the saga's history").isZero();
        assertThat(orchestrator.saga(attention.sagaId()).get("status").asString())
                .as("a saga needing attention stays, whatever its age").isEqualTo("NEEDS_ATTENTION");
        assertThat(orchestrator.order(attention.orderId()).get("status").asString()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                orchestrator.get("/actuator/prometheus", User.OPERATOR).body()).contains("saga_purged_total{saga=\"order\"}"));
    }

    @Test
    void theListRefusesBadParametersAndTheSupportRoleIsNeeded() throws Exception {
        Orchestrator.problem(orchestrator.get("/admin/sagas", null), 401);
        JsonNode bad = Orchestrator.problem(orchestrator.get("/admin/sagas?status=LOST&limit=0&olderThan=soon",
                User.SUPPORT), 400);
        assertThat(bad.get("errors")).hasSize(3);
        Orchestrator.problem(orchestrator.get("/admin/sagas?cursor=" + URLEncoder.encode("bm90LWEtY3Vyc29y",
                StandardCharsets.UTF_8), User.SUPPORT), 400);
        Orchestrator.problem(orchestrator.get("/admin/sagas/not-a-saga-id", User.SUPPORT), 400);
        Orchestrator.problem(orchestrator.get("/admin/sagas/" + UUID.randomUUID(), User.OPERATOR), 404);
    }

    @Test
    void metricsAndHealthGroupsArePublishedAndTheApiIsDocumented() throws Exception {
        Placed completed = orchestrator.placeOrder();
        participants.answerAll(List.of(completed.sagaId()));
        Placed attention = needingAttention();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.saga(completed.sagaId()).get("status").asString().equals("COMPLETED"));

        for (String group : List.of("database", "relay", "kafka")) {
            HttpResponse<String> health = orchestrator.get("/actuator/health/" + group, null);
            assertThat(health.statusCode()).as("%s: %s", group, health.body()).isEqualTo(200);
            JsonNode body = Orchestrator.body(health);
            assertThat(body.get("status").asString()).isEqualTo("UP");
            assertThat(body.get("components").propertyNames()).containsExactly(
                    Map.of("database", "db", "relay", "outboxRelay", "kafka", "kafkaCluster").get(group));
        }

        Orchestrator.problem(orchestrator.get("/actuator/prometheus", null), 401);
        Orchestrator.problem(orchestrator.get("/actuator/prometheus", User.SUPPORT), 403);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> scrape = orchestrator.get("/actuator/prometheus", User.OPERATOR);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains(
                    "saga_started_total{saga=\"order\"}",
                    "saga_completed_total{saga=\"order\"}",
                    "saga_needs_attention_total{cause=\"COMPENSATION_FAILED\",saga=\"order\"}",
                    "saga_step_retries_total{phase=\"compensation\",saga=\"order\",step=\"payment\"}",
                    "saga_step_latency_seconds_bucket{",
                    "saga_step_latency_seconds_count{phase=\"forward\",result=\"succeeded\",saga=\"order\",step=\"shipping\"}",
                    "saga_in_flight{saga=\"order\",state=\"NEEDS_ATTENTION\",status=\"NEEDS_ATTENTION\"}",
                    "saga_oldest_age_seconds{saga=\"order\",state=\"NEEDS_ATTENTION\",status=\"NEEDS_ATTENTION\"}",
                    "saga_parked{saga=\"order\"}");
        });
        assertThat(attention).isNotNull();

        HttpResponse<String> docs = orchestrator.get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode paths = Orchestrator.body(docs).get("paths");
        assertThat(paths.propertyNames()).contains("/admin/sagas", "/admin/sagas/{sagaId}",
                "/admin/sagas/{sagaId}/retry", "/admin/sagas/{sagaId}/compensate", "/admin/sagas/{sagaId}/resume");
        JsonNode retry = paths.get("/admin/sagas/{sagaId}/retry").get("post");
        assertThat(retry.get("responses").propertyNames()).contains("200", "400", "401", "403", "404", "409", "412",
                "428");
        assertThat(StreamSupport.stream(retry.get("parameters").spliterator(), false)
                .map(p -> p.get("name").asString())).contains("sagaId", "If-Match");
        assertThat(Orchestrator.body(docs).get("components").get("securitySchemes").has("basicAuth")).isTrue();
    }


    /** An order whose shipment is answered with a tracking number the order cannot hold: its saga is parked. */
    private Placed parked() throws Exception {
        Placed placed = orchestrator.placeOrder();
        participants.answer(placed.sagaId(), command -> command instanceof ScheduleShipment schedule
                ? new ShipmentScheduled(schedule.requestId(), schedule.orderId(), "T".repeat(300))
                : Participants.success(command));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.saga(placed.sagaId()).get("status").asString().equals("NEEDS_ATTENTION"));
        return placed;
    }

    private static List<UUID> sagaIds(List<JsonNode> items) {
        return items.stream().map(i -> UUID.fromString(i.get("sagaId").asString())).toList();
    }

    /** Follows nextCursor from the first page to the last. */
    private List<JsonNode> listAll(String query) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/admin/sagas?" + query + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = orchestrator.get(path, User.SUPPORT);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = Orchestrator.body(page);
            body.get("items").forEach(items::add);
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
            assertThat(++pages).as("pages").isLessThan(1000);
        } while (cursor != null);
        return items;
    }
}
