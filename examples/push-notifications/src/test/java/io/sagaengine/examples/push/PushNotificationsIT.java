package io.sagaengine.examples.push;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.order.OrderEventJson;
import io.sagaengine.contracts.order.OrderStatusChanged;
import io.sagaengine.contracts.order.OrderStatusChanged.Status;
import io.sagaengine.testsupport.RealServers;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TestProducer;
import io.sagaengine.testsupport.kafka.TopicRecorder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example push service on a real PostgreSQL database of its own and a real Kafka broker, fed order events as the
 * orchestrator's relay publishes them, with what at-least-once delivery does to them: the same event twice, an older
 * change after a newer one, the whole topic again after a restart. Each change is told once, in order per order.
 */
class PushNotificationsIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final String DATABASE = "push_notifications_example";
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    /** What the service sent, across its restarts. */
    private static final List<PushNotification> SENT = new CopyOnWriteArrayList<>();

    private static TestProducer producer;
    private static Admin admin;
    private static ConfigurableApplicationContext service;
    private static String group;

    @BeforeAll
    static void startTheService() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS.bootstrapServers()));
        SERVERS.createTopics(3, List.of(Topics.ORDER_EVENTS, DeadLetterConfiguration.DEAD_LETTER_TOPIC));
        producer = new TestProducer(SERVERS.bootstrapServers());
        service = start("push-it-" + UUID.randomUUID());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        producer.close();
        admin.close();
    }

    @Test
    void eachChangeIsToldOnceInOrderPerOrderAndARestartedServiceRemembersWhatItTold() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        OrderStatusChanged aPlaced = event(a, 1, Status.PENDING, null, null);
        OrderStatusChanged aCompleted = event(a, 2, Status.COMPLETED, null, "TRK-A");
        OrderStatusChanged bPlaced = event(b, 1, Status.PENDING, null, null);
        OrderStatusChanged bCancelled = event(b, 2, Status.CANCELLED, "OUT_OF_STOCK", null);

        publish(aPlaced);
        publish(aPlaced); // the same event again, as a relay that restarted sends it
        publish(bCancelled);
        publish(bPlaced); // the older change after the newer one
        publish(aCompleted);
        awaitCaughtUp();

        assertThat(sentFor(a)).extracting(PushNotification::orderVersion).containsExactly(1L, 2L);
        assertThat(sentFor(a)).extracting(PushNotification::notificationId)
                .containsExactly(aPlaced.eventId(), aCompleted.eventId());
        assertThat(sentFor(a).get(1).body()).isEqualTo("Your order has shipped. Tracking number: TRK-A.");
        assertThat(sentFor(b)).extracting(PushNotification::status).as("never the older PENDING after CANCELLED")
                .containsExactly(Status.CANCELLED);
        assertThat(notificationsInDatabase(a)).isEqualTo(2);
        assertThat(notificationsInDatabase(b)).isEqualTo(1);

        // restarted in a new consumer group, the service is handed the whole topic again: every event redelivered
        service.close();
        service = start("push-it-replay-" + UUID.randomUUID());
        UUID c = UUID.randomUUID();
        publish(aCompleted);
        publish(event(c, 1, Status.PENDING, null, null)); // news to it, so it is listening
        awaitCaughtUp();

        assertThat(sentFor(c)).hasSize(1);
        assertThat(sentFor(a)).as("what it told before the restart, it does not tell again").hasSize(2);
        assertThat(sentFor(b)).hasSize(1);
        assertThat(notificationsInDatabase(a)).isEqualTo(2);
    }

    @Test
    void aRecordItCannotReadIsDeadLetteredWithItsReasonAndHoldsNothingUp() {
        UUID d = UUID.randomUUID();
        try (TopicRecorder deadLetters = TopicRecorder.start(SERVERS.bootstrapServers(),
                DeadLetterConfiguration.DEAD_LETTER_TOPIC)) {
            producer.send(Topics.ORDER_EVENTS, d.toString(), "{not json", headers(UUID.randomUUID(), "1"));
            OrderStatusChanged fromTheFuture = event(d, 1, Status.PENDING, null, null);
            producer.send(Topics.ORDER_EVENTS, d.toString(), OrderEventJson.encode(fromTheFuture),
                    headers(fromTheFuture.eventId(), "2"));
            publish(event(d, 2, Status.COMPLETED, null, "TRK-D"));

            List<ReceivedRecord> dead = await().atMost(Duration.ofSeconds(60)).until(
                    () -> deadLetters.matching(r -> d.toString().equals(r.key())), list -> list.size() >= 2);
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).header(DeadLetterConfiguration.DLT_REASON_HEADER))
                    .startsWith("malformed JSON for OrderStatusChanged");
            assertThat(dead.get(1).header(DeadLetterConfiguration.DLT_REASON_HEADER))
                    .isEqualTo("unsupported schema version 2 for OrderStatusChanged (supported: [1])");
            assertThat(dead.get(1).valueText()).as("the record as it came").isEqualTo(OrderEventJson.encode(fromTheFuture));
            await().atMost(Duration.ofSeconds(60)).until(() -> sentFor(d).size() == 1);
            assertThat(sentFor(d).get(0).status()).isEqualTo(Status.COMPLETED);
        }
    }

    private static ConfigurableApplicationContext start(String consumerGroup) {
        group = consumerGroup;
        List<String> args = new ArrayList<>(List.of("--spring.kafka.consumer.group-id=" + consumerGroup));
        SERVERS.springProperties(DATABASE).forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(PushNotificationsApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("recordingPushGateway",
                        PushGateway.class, () -> SENT::add, definition -> definition.setPrimary(true)))
                .run(args.toArray(String[]::new));
    }

    private static OrderStatusChanged event(UUID orderId, long version, Status status, String reason,
                                            String trackingNumber) {
        return OrderStatusChanged.of(orderId, version, status, reason, trackingNumber, "alice",
                new BigDecimal("39.98"), "EUR", AT);
    }

    /** As the orchestrator's relay publishes it: keyed by order id, the event id as message-id. */
    private static void publish(OrderStatusChanged event) {
        producer.send(Topics.ORDER_EVENTS, event.orderId().toString(), OrderEventJson.encode(event),
                headers(event.eventId(), String.valueOf(OrderStatusChanged.SCHEMA_VERSION)));
    }

    private static Map<String, String> headers(UUID eventId, String schemaVersion) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SagaHeaders.MESSAGE_ID, eventId.toString());
        headers.put(SagaHeaders.MESSAGE_TYPE, OrderStatusChanged.TYPE);
        headers.put(SagaHeaders.SCHEMA_VERSION, schemaVersion);
        return headers;
    }

    private static List<PushNotification> sentFor(UUID orderId) {
        return SENT.stream().filter(n -> n.orderId().equals(orderId)).toList();
    }

    private static long notificationsInDatabase(UUID orderId) {
        return service.getBean(JdbcClient.class).sql("SELECT count(*) FROM notification WHERE order_id = ?")
                .param(orderId).query(Long.class).single();
    }

    /** Waits until the service's consumer group has handled every record published so far. */
    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(ExecutionException.class).until(PushNotificationsIT::caughtUp);
    }

    private static boolean caughtUp() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(List.of(Topics.ORDER_EVENTS))
                .allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.ORDER_EVENTS).partitions().stream()
                .map(p -> new TopicPartition(Topics.ORDER_EVENTS, p.partition()))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
        return ends.entrySet().stream().allMatch(end -> {
            OffsetAndMetadata at = committed.get(end.getKey());
            return (at == null ? 0 : at.offset()) >= end.getValue().offset();
        });
    }

}
