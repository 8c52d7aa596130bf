package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Participants.Command;
import io.sagaengine.orchestrator.testing.OrchestratorServers;
import io.sagaengine.outbox.relay.OutboxRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a test of the whole orchestrator stands on when the test plays the participants: the service on the real
 * PostgreSQL and Kafka with its relay on, the test users, {@link #participants} answering over the broker, and an
 * {@link #orchestrator} client once the relay streams and the reply listener listens. Compensations wait 1 s for
 * their reply and are sent twice (200 ms apart, no jitter) before the saga needs attention; deadlines are polled
 * every 100 ms. The subclass carries its own {@code @SpringBootTest} with the rest of its settings and calls
 * {@link #useRealServers} from its {@code @DynamicPropertySource}.
 */
@TestPropertySource(properties = {
        "saga.engine.deadlines.poll-interval=100ms",
        "saga.order.compensation-deadline=1s",
        "saga.order.compensation-attempts=2",
        "saga.order.compensation-initial-backoff=200ms",
        "saga.order.compensation-max-backoff=200ms",
        "saga.order.jitter=0",
        // these tests place their orders in bursts to look at other things; admission has tests of its own
        "orders.admission.min-limit=10000", "orders.admission.initial-limit=10000", "orders.admission.max-limit=10000"})
abstract class OrchestratorWithPlayedParticipants {

    static Participants participants;

    /** A database of the test's own, the broker, and the test users. */
    static void useRealServers(DynamicPropertyRegistry registry, String database) {
        OrchestratorServers.useRealServers(registry, database);
        Orchestrator.users(registry);
    }

    @BeforeAll
    static void startParticipants() throws Exception {
        participants = Participants.start(OrchestratorServers.SERVERS.bootstrapServers());
    }

    @AfterAll
    static void stopParticipants() {
        participants.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    OutboxRelay relay;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    Orchestrator orchestrator;

    @BeforeEach
    void orchestratorIsStreamingAndListening() throws Exception {
        orchestrator = new Orchestrator(port);
        assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).as("the relay streams").isTrue();
        OrchestratorServers.awaitReplyListener(listeners);
    }

    /** Places an order, charges its payment, then answers that its inventory is unavailable: it compensates. */
    Placed placeOrderThatRunsOutOfStock() throws Exception {
        Placed placed = orchestrator.placeOrder();
        Command charge = participants.awaitCommand(placed.sagaId(), ChargePayment.class, 1);
        participants.reply(charge, Participants.success(charge.message()));
        Command reserve = participants.awaitCommand(placed.sagaId(), ReserveInventory.class, 1);
        participants.reply(reserve, new InventoryUnavailable(reserve.message().requestId(), reserve.message().businessKey(),
                InventoryUnavailable.INSUFFICIENT_STOCK, List.of("SKU-1")));
        return placed;
    }

    /** An order whose inventory is unavailable and whose refund is never answered: its saga needs attention. */
    Placed needingAttention() throws Exception {
        Placed placed = placeOrderThatRunsOutOfStock();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                orchestrator.saga(placed.sagaId()).get("status").asString().equals("NEEDS_ATTENTION"));
        participants.awaitCommand(placed.sagaId(), RefundPayment.class, 2);
        return placed;
    }

    /** Each step of the saga as "name STATUS", in order. */
    static List<String> steps(JsonNode saga) {
        return StreamSupport.stream(saga.get("steps").spliterator(), false)
                .map(s -> s.get("name").asString() + " " + s.get("status").asString()).toList();
    }

    /** Timeline entries of a kind, optionally of one message type, oldest first. */
    static List<JsonNode> timeline(JsonNode saga, String kind, String messageType) {
        return StreamSupport.stream(saga.get("timeline").spliterator(), false)
                .filter(e -> e.get("kind").asString().equals(kind))
                .filter(e -> messageType == null || (e.has("messageType")
                        && e.get("messageType").asString().equals(messageType)))
                .toList();
    }
}
