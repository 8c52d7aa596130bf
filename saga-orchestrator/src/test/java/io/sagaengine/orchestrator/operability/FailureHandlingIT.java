package io.sagaengine.orchestrator.operability;

import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import io.sagaengine.orchestrator.operability.Participants.Command;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the orchestrator handles participants that fail, on the real PostgreSQL and Kafka with its relay on: the
 * test plays the participants over Kafka (reads their command topics, publishes their replies), with short
 * deadlines: 1.5 s per send, 3 sends, backoff 1 s then 2 s (no jitter); compensations 1 s, 2 sends.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-failure-handling-it",
                "saga.order.step-deadline=1500ms",
                "saga.order.step-attempts=3",
                "saga.order.step-initial-backoff=1s",
                "saga.order.step-max-backoff=4s",
                "saga.monitoring.census-interval=500ms"})
class FailureHandlingIT extends OrchestratorWithPlayedParticipants {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_failure_handling_it");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void aParticipantThatNeverAnswersIsRetriedWithGrowingGapsThenEveryStepIsCompensatedItsOwnToo() throws Exception {
        double retriesBefore = counter("saga.step.retries", "step", "inventory");
        Placed placed = orchestrator.placeOrder();
        Command charge = participants.awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        participants.reply(charge, Participants.success(charge.message()));

        // inventory never answers ReserveInventory: after 3 sends its step times out and its own compensation goes
        Command release = participants.awaitCommand(placed.sagaId(), ReleaseInventory.class, 1);
        List<Command> reserves = participants.commands(placed.sagaId(), ReserveInventory.class);
        assertThat(reserves).hasSize(3);
        UUID reserveRequest = reserves.get(0).message().requestId();
        assertThat(reserves).allSatisfy(c -> assertThat(c.message().requestId()).isEqualTo(reserveRequest));
        assertThat(reserves.stream().map(Command::messageId).distinct()).hasSize(3);
        assertThat(release.message().requestId()).as("the timed-out step's compensation carries its requestId")
                .isEqualTo(reserveRequest);
        assertThat(participants.commands(placed.sagaId(), RefundPayment.class))
                .as("newest first: the payment is refunded only after the inventory is released").isEmpty();

        participants.reply(release, new InventoryReleased(release.message().requestId(), release.message().businessKey()));
        Command refund = participants.awaitCommand(placed.sagaId(), RefundPayment.class, 1);
        assertThat(refund.message().requestId()).isEqualTo(charge.message().requestId());
        participants.reply(refund, new PaymentRefunded(refund.message().requestId(), refund.message().businessKey()));

        awaitOrder(placed, "CANCELLED", "TIMED_OUT");
        JsonNode saga = orchestrator.saga(placed.sagaId());
        assertThat(saga.get("status").asString()).isEqualTo("COMPENSATED");
        assertThat(saga.get("outcome").asString()).isEqualTo("TIMED_OUT");
        assertThat(steps(saga)).containsExactly("payment COMPENSATED", "inventory COMPENSATED", "shipping PENDING");
        assertThat(participants.commands(placed.sagaId(), ScheduleShipment.class)).isEmpty();

        List<Instant> sends = timeline(saga, "COMMAND_SENT", "ReserveInventory").stream()
                .map(e -> Instant.parse(e.get("at").asString())).toList();
        assertThat(sends).hasSize(3);
        Duration firstGap = Duration.between(sends.get(0), sends.get(1));
        Duration secondGap = Duration.between(sends.get(1), sends.get(2));
        assertThat(firstGap).as("the first re-send waits one deadline").isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(secondGap).as("the second re-send waits one deadline and the backoff")
                .isGreaterThanOrEqualTo(firstGap.plus(Duration.ofMillis(500)));
        assertThat(timeline(saga, "DEADLINE_PASSED", null).stream().filter(e -> e.get("step").asString()
                .equals("inventory"))).as("two re-sends, then giving up").hasSize(3);
        assertThat(counter("saga.step.retries", "step", "inventory") - retriesBefore).isEqualTo(2);
    }

    @Test
    void aChargeThatArrivesAfterThePaymentTimedOutIsRefundedAndChangesNothingElse() throws Exception {
        Placed placed = orchestrator.placeOrder();
        Command refund = participants.awaitCommand(placed.sagaId(), RefundPayment.class, 1);
        List<Command> charges = participants.commands(placed.sagaId(), ChargePayment.class);
        assertThat(charges).hasSize(3);
        ChargePayment charged = charges.get(0).as(ChargePayment.class);
        RefundPayment refunding = refund.as(RefundPayment.class);
        assertThat(refunding.requestId()).as("the refund undoes whichever charge ran").isEqualTo(charged.requestId());
        assertThat(refunding.amount()).isEqualByComparingTo(charged.amount());

        // the payment participant was only slow: its charge arrives after the step timed out and the refund went
        participants.reply(charges.get(0), new PaymentCharged(charged.requestId(), charged.orderId(), "ch-late"));
        participants.reply(refund, new PaymentRefunded(refunding.requestId(), refunding.orderId()));

        awaitOrder(placed, "CANCELLED", "TIMED_OUT");
        JsonNode saga = orchestrator.saga(placed.sagaId());
        assertThat(saga.get("status").asString()).isEqualTo("COMPENSATED");
        List<JsonNode> late = timeline(saga, "REPLY_IGNORED", "PaymentCharged");
        assertThat(late).hasSize(1);
        assertThat(late.get(0).get("reason").asString()).contains("late reply");
        assertThat(late.get(0).get("payload").get("chargeId").asString()).isEqualTo("ch-late");
        assertThat(saga.get("data").get("chargeId").isNull()).as("the late charge changed no data").isTrue();

        // a charge that comes later still, after the saga ended, is recorded and changes nothing
        long version = saga.get("version").asLong();
        participants.reply(charges.get(2), new PaymentCharged(charged.requestId(), charged.orderId(), "ch-later"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                timeline(orchestrator.saga(placed.sagaId()), "REPLY_IGNORED", "PaymentCharged").size() == 2);
        JsonNode after = orchestrator.saga(placed.sagaId());
        assertThat(after.get("status").asString()).isEqualTo("COMPENSATED");
        assertThat(after.get("version").asLong()).as("recorded without moving the version an operator holds")
                .isEqualTo(version);
        assertThat(participants.commands(placed.sagaId(), RefundPayment.class)).hasSize(1);
        assertThat(participants.commands(placed.sagaId(), ReserveInventory.class)).isEmpty();
    }

    @Test
    void aCompensationThatKeepsFailingNeedsAttentionAndAnOperatorFinishesItOnceTheCauseIsFixed() throws Exception {
        Placed placed = placeOrderThatRunsOutOfStock();

        // the payment participant is down: the refund is sent twice (its budget), then the saga needs attention
        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.saga(placed.sagaId()),
                s -> s.get("status").asString().equals("NEEDS_ATTENTION"));
        List<Command> refunds = List.of(participants.awaitCommand(placed.sagaId(), RefundPayment.class, 1),
                participants.awaitCommand(placed.sagaId(), RefundPayment.class, 2));
        assertThat(participants.commands(placed.sagaId(), RefundPayment.class)).hasSize(2);
        assertThat(parked.get("parkedState").asString()).isEqualTo("payment.compensating");
        assertThat(parked.get("parkedBy").asString()).isEqualTo("COMPENSATION_FAILED");
        assertThat(parked.get("deadlineAt").isNull()).as("nothing waits while it needs attention").isTrue();
        assertThat(steps(parked)).containsExactly("payment COMPENSATION_FAILED", "inventory FAILED", "shipping PENDING");
        assertThat(orchestrator.order(placed.orderId()).get("status").asString()).isEqualTo("PENDING");

        // the cause is fixed: the participant answers what it receives from now on; an operator resumes the saga
        participants.ignore(refunds);
        participants.answer(placed.sagaId(), Participants::success);
        HttpResponse<String> resumed = orchestrator.act(User.OPERATOR, placed.sagaId(), "resume",
                "\"" + parked.get("version").asLong() + "\"", "payment service is back (INC-7)");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Orchestrator.body(resumed).get("status").asString()).isEqualTo("COMPENSATING");

        awaitOrder(placed, "CANCELLED", "OUT_OF_STOCK");
        JsonNode done = orchestrator.saga(placed.sagaId());
        assertThat(done.get("status").asString()).isEqualTo("COMPENSATED");
        assertThat(participants.commands(placed.sagaId(), RefundPayment.class)).as("resumed, the deadline re-sent it")
                .hasSize(3);
        List<JsonNode> actions = timeline(done, "OPERATOR_ACTION", null);
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).get("actor").asString()).isEqualTo(User.OPERATOR.name);
        assertThat(actions.get(0).get("reason").asString()).isEqualTo("payment service is back (INC-7)");
        assertThat(actions.get(0).get("event").asString()).isEqualTo("OPERATOR_RESUME");
    }

    @Test
    void aReplyThatCannotBeAppliedParksItsSagaAndTheSagasBehindItOnItsPartitionAllComplete() throws Exception {
        int partitions = Participants.partitions(OrchestratorServers.SERVERS.bootstrapServers(), Topics.SHIPPING_REPLIES);
        for (String topic : Participants.REPLY_TOPICS) {
            assertThat(Participants.partitions(OrchestratorServers.SERVERS.bootstrapServers(), topic)).as(topic).isEqualTo(partitions);
        }
        AtomicBoolean badReplySent = new AtomicBoolean();
        Placed victim = orchestrator.placeOrder();
        int partition = partition(victim.sagaId(), partitions);
        // the shipping participant answers with a tracking number the order cannot hold: every try to apply it fails
        participants.answer(victim.sagaId(), command -> {
            if (command instanceof ScheduleShipment schedule) {
                badReplySent.set(true);
                return new ShipmentScheduled(schedule.requestId(), schedule.orderId(), "TRK-" + "9".repeat(300));
            }
            return Participants.success(command);
        });

        // 50 more sagas keyed onto the same partition; their shipments are answered only after the bad reply
        List<Placed> samePartition = new ArrayList<>();
        List<Placed> elsewhere = new ArrayList<>();
        while (samePartition.size() < 50) {
            Placed placed = orchestrator.placeOrder();
            (partition(placed.sagaId(), partitions) == partition ? samePartition : elsewhere).add(placed);
            participants.answer(placed.sagaId(), command -> command instanceof ScheduleShipment && !badReplySent.get()
                    ? null : Participants.success(command));
        }

        // and a record no one can read, on the same partition too: it goes to the dead-letter topic
        String poisonId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SagaHeaders.MESSAGE_ID, poisonId);
        headers.put(SagaHeaders.MESSAGE_TYPE, "ShipmentScheduled");
        headers.put(SagaHeaders.SCHEMA_VERSION, "1");
        headers.put(SagaHeaders.SAGA_ID, victim.sagaId().toString());
        assertThat(participants.send(Topics.SHIPPING_REPLIES, victim.sagaId().toString(), "{not json", headers)
                .partition()).isEqualTo(partition);

        JsonNode parked = await().atMost(Duration.ofSeconds(60)).until(() -> orchestrator.saga(victim.sagaId()),
                s -> s.get("status").asString().equals("NEEDS_ATTENTION"));
        assertThat(parked.get("parkedBy").asString()).isEqualTo("PARK");
        assertThat(parked.get("parkedState").asString()).isEqualTo("shipping");
        assertThat(parked.get("lastError").asString()).contains("ShipmentScheduled");
        List<JsonNode> failed = timeline(parked, "REPLY_FAILED", "ShipmentScheduled");
        assertThat(failed).as("the reply is kept in the timeline").hasSize(1);
        assertThat(failed.get(0).get("payload").get("trackingNumber").asString()).hasSize(304);

        List<UUID> others = samePartition.stream().map(Placed::sagaId).toList();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED' AND id = ANY(?)", others))
                        .isEqualTo(50));
        assertThat(count("SELECT count(*) FROM orders WHERE status = 'COMPLETED' AND saga_id = ANY(?)", others))
                .isEqualTo(50);
        assertThat(orchestrator.order(victim.orderId()).get("status").asString()).isEqualTo("PENDING");
        List<UUID> rest = elsewhere.stream().map(Placed::sagaId).toList();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM saga_instance WHERE status = 'COMPLETED' AND id = ANY(?)", rest))
                        .isEqualTo(rest.size()));

        try (TopicRecorder dlt = TopicRecorder.start(OrchestratorServers.SERVERS.bootstrapServers(), DeadLetters.topicFor(Topics.SHIPPING_REPLIES))) {
            ReceivedRecord dead = await().atMost(Duration.ofSeconds(30))
                    .until(() -> dlt.first(r -> r.hasHeader(SagaHeaders.MESSAGE_ID, poisonId)), Objects::nonNull);
            assertThat(dead.header(SagaHeaders.DLT_REASON)).isNotBlank();
        }
        assertThat(participants.failures()).isEmpty();
    }

    private static int partition(UUID sagaId, int partitions) {
        return Utils.toPositive(Utils.murmur2(sagaId.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private long count(String sql, List<UUID> ids) {
        return jdbc.queryForObject(sql, Long.class, (Object) ids.toArray(UUID[]::new));
    }

    private void awaitOrder(Placed placed, String status, String reason) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode order = orchestrator.order(placed.orderId());
            assertThat(order.get("status").asString()).isEqualTo(status);
            assertThat(order.get("reason").asString()).isEqualTo(reason);
        });
    }

    private double counter(String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
