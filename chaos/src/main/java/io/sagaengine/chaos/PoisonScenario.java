package io.sagaengine.chaos;

import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.OrderFlowMessages;
import io.sagaengine.outbox.DeadLetters;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import io.sagaengine.testsupport.kafka.TestProducer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Poison records on every command and reply topic while orders flow: bad JSON, an unknown message type,
 * missing headers. Each must land on {@code <topic>.DLT} with a {@code dlt-reason} header, and no saga may
 * be hurt (the common checks).
 */
final class PoisonScenario implements Scenario {

    /** Per topic of the order flow, the first message type its set declares on it that is no compensation. */
    static final Map<String, String> REAL_TYPES = new OrderFlowMessages().descriptors().stream()
            .filter(d -> !d.compensation())
            .collect(Collectors.toMap(MessageDescriptor::topic, MessageDescriptor::name, (first, later) -> first));
    private static final Duration DEAD_LETTER_WITHIN = Duration.ofSeconds(60);

    private record Poison(String topic, String kind, String key) {
    }

    private final List<Poison> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public void inject(ScenarioContext context) {
        sent.clear();
        List<Poison> poisons = new ArrayList<>();
        for (String topic : RecordDuplicator.TOPICS) {
            for (String kind : List.of("bad-json", "unknown-type", "missing-headers")) {
                poisons.add(new Poison(topic, kind, UUID.randomUUID().toString()));
            }
        }
        Collections.shuffle(poisons, context.random());
        double gap = Math.max(0.2, context.options().plannedLoad().toMillis() / 1000.0 / (poisons.size() + 1));
        try (TestProducer producer = new TestProducer(context.stack().bootstrapServers())) {
            for (Poison poison : poisons) {
                context.waitRandomly(gap * 0.5, gap * 1.5);
                send(producer, poison);
                sent.add(poison);
                context.injected("%s record on %s (key %s)", poison.kind(), poison.topic(), poison.key());
            }
        }
        context.healed("all %d poison records sent", poisons.size());
    }

    private static void send(TestProducer producer, Poison poison) {
        Map<String, String> headers = new LinkedHashMap<>(SagaHeaders.command(UUID.randomUUID(),
                REAL_TYPES.get(poison.topic()), 1, poison.key(), SagaHeaders.newTraceparent()));
        headers.put(Delivery.INJECTED_HEADER, poison.kind());
        String value = "{\"orderId\":\"" + poison.key() + "\"}";
        switch (poison.kind()) {
            case "bad-json" -> value = "{\"orderId\": \"" + poison.key() + "\", \"amount\": ";
            case "unknown-type" -> headers.put(SagaHeaders.MESSAGE_TYPE, "NoSuchMessage");
            default -> {
                headers.remove(SagaHeaders.MESSAGE_ID);
                headers.remove(SagaHeaders.SCHEMA_VERSION);
            }
        }
        producer.send(poison.topic(), poison.key(), value, headers);
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        List<String> keys = sent.stream().map(Poison::key).toList();
        Poll.until(DEAD_LETTER_WITHIN, Duration.ofMillis(500), () -> missing(context, keys).isEmpty());
        for (Poison poison : missing(context, keys)) {
            findings.violation("DLT", poison.kind() + " record on " + poison.topic() + " (key " + poison.key()
                    + ") did not reach " + DeadLetters.topicFor(poison.topic()) + " with a dlt-reason header");
        }
        List<Delivery> deadLetters = context.topics().withKeys(keys).stream().filter(Delivery::deadLetter).toList();
        context.progress("%d of %d poison records dead-lettered; reasons: %s", deadLetters.size(), sent.size(),
                deadLetters.stream().map(Delivery::dltReason).distinct().limit(6).toList());
    }

    private List<Poison> missing(ScenarioContext context, List<String> keys) {
        List<Delivery> deliveries = context.topics().withKeys(keys);
        return sent.stream().filter(p -> deliveries.stream().noneMatch(d -> d.key().equals(p.key())
                && d.topic().equals(DeadLetters.topicFor(p.topic())) && d.dltReason() != null
                && !d.dltReason().isBlank()))
                .toList();
    }
}
