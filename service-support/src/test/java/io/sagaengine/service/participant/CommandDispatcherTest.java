package io.sagaengine.service.participant;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageHeaders;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.testsupport.tracing.RecordingTracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandDispatcherTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final FakeInbox inbox = new FakeInbox();
    private final FakeOutbox outbox = new FakeOutbox();
    private final AtomicInteger charges = new AtomicInteger();
    private final ContractJson json = ContractJson.standard();

    private final ParticipantDefinition payment = ParticipantDefinition
            .builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
            .on(ChargePayment.class, c -> {
                charges.incrementAndGet();
                return new PaymentCharged(c.requestId(), c.orderId(), "charge-1");
            })
            .on(RefundPayment.class, c -> new PaymentRefunded(c.requestId(), c.orderId()))
            .build();

    private final CommandDispatcher dispatcher = new CommandDispatcher(payment, inbox, outbox,
            TransactionOperations.withoutTransaction(), json);

    private final ChargePayment charge = new ChargePayment(UUID.randomUUID(), "order-1", "alice",
            new BigDecimal("12.50"), "EUR");

    @Test
    void appendsTheReplyWithSagaKeyCausationAndTrace() {
        UUID messageId = UUID.randomUUID();
        var outcome = dispatcher.dispatch(record("saga-1", headers(messageId, "ChargePayment", "1", "saga-1",
                TRACEPARENT), json.encodeBytes(charge)));

        assertThat(outcome).isEqualTo(CommandDispatcher.Outcome.PROCESSED);
        assertThat(inbox.seen).containsExactly("payment-participant/" + messageId);
        assertThat(outbox.messages).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(Topics.PAYMENT_REPLIES);
            assertThat(m.aggregateId()).isEqualTo("saga-1");
            assertThat(m.sagaId()).isEqualTo("saga-1");
            assertThat(m.type()).isEqualTo("PaymentCharged");
            assertThat(m.schemaVersion()).isEqualTo(1);
            assertThat(m.causationId()).isEqualTo(messageId);
            assertThat(m.traceparent()).isEqualTo(TRACEPARENT);
            assertThat(m.id()).isNotEqualTo(messageId);
            PaymentCharged reply = json.decode(m.type(), m.schemaVersion(), m.payload());
            assertThat(reply).isEqualTo(new PaymentCharged(charge.requestId(), "order-1", "charge-1"));
        });
    }

    @Test
    void withTracingTheHandlingIsASpanThatContinuesTheCommandsTraceAndTheReplyCarriesIt() {
        try (RecordingTracer recording = new RecordingTracer()) {
            CommandDispatcher traced = new CommandDispatcher(payment, inbox, outbox,
                    TransactionOperations.withoutTransaction(), json,
                    MessageTracing.of(recording.tracer(), recording.propagator()));
            UUID messageId = UUID.randomUUID();
            traced.dispatch(record("saga-1", headers(messageId, "ChargePayment", "1", "saga-1", TRACEPARENT),
                    json.encodeBytes(charge)));
            RefundPayment refund = new RefundPayment(charge.requestId(), "order-1", "alice", new BigDecimal("12.50"),
                    "EUR");
            traced.dispatch(record("saga-1", headers(UUID.randomUUID(), "RefundPayment", "1", "saga-1", TRACEPARENT),
                    json.encodeBytes(refund)));

            SpanData handle = recording.named("handle ChargePayment");
            assertThat(handle.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(handle.getParentSpanId()).isEqualTo("b7ad6b7169203331");
            assertThat(handle.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(handle.getAttributes().get(AttributeKey.stringKey("saga.id"))).isEqualTo("saga-1");
            assertThat(handle.getAttributes().get(AttributeKey.stringKey("saga.request_id")))
                    .isEqualTo(charge.requestId().toString());
            assertThat(handle.getAttributes().asMap().values()).as("no payment data")
                    .noneMatch(v -> v.toString().contains("12.5") || v.toString().contains("alice"));
            SpanData compensate = recording.named("compensate RefundPayment");
            assertThat(compensate.getParentSpanId()).isEqualTo("b7ad6b7169203331");
            assertThat(outbox.messages).extracting(OutboxMessage::traceparent).containsExactly(
                    RecordingTracer.traceparent(handle), RecordingTracer.traceparent(compensate));
        }
    }

    @Test
    void aDuplicateDoesNothing() {
        UUID messageId = UUID.randomUUID();
        var record = record("saga-1", headers(messageId, "ChargePayment", "1", "saga-1", null), json.encodeBytes(charge));
        dispatcher.dispatch(record);
        var outcome = dispatcher.dispatch(record);

        assertThat(outcome).isEqualTo(CommandDispatcher.Outcome.DUPLICATE);
        assertThat(charges).hasValue(1);
        assertThat(outbox.messages).hasSize(1);
    }

    @Test
    void takesTheSagaIdFromTheKeyWhenTheHeaderIsMissing() {
        dispatcher.dispatch(record("saga-from-key", headers(UUID.randomUUID(), "ChargePayment", "1", null, null),
                json.encodeBytes(charge)));
        assertThat(outbox.messages).singleElement().satisfies(m -> {
            assertThat(m.sagaId()).isEqualTo("saga-from-key");
            assertThat(m.traceparent()).isNull();
        });
    }

    @Test
    void withoutSagaIdTheRecordIsPoison() {
        var record = record(null, headers(UUID.randomUUID(), "ChargePayment", "1", null, null), json.encodeBytes(charge));
        assertPoison(record, "saga id");
    }

    @Test
    void malformedJsonIsPoison() {
        assertPoison(record("s", headers(UUID.randomUUID(), "ChargePayment", "1", "s", null),
                "{not json".getBytes(StandardCharsets.UTF_8)), "malformed JSON");
    }

    @Test
    void missingFieldIsPoison() {
        assertPoison(record("s", headers(UUID.randomUUID(), "ChargePayment", "1", "s", null),
                "{\"orderId\":\"o\"}".getBytes(StandardCharsets.UTF_8)), "missing required field");
    }

    @Test
    void unknownTypeIsPoison() {
        assertPoison(record("s", headers(UUID.randomUUID(), "MakeCoffee", "1", "s", null),
                json.encodeBytes(charge)), "unknown message type");
    }

    @Test
    void unsupportedVersionIsPoison() {
        assertPoison(record("s", headers(UUID.randomUUID(), "ChargePayment", "7", "s", null),
                json.encodeBytes(charge)), "unsupported schema version");
    }

    @Test
    void aReplyOnTheCommandTopicIsPoison() {
        var declined = new PaymentDeclined(UUID.randomUUID(), "o", PaymentDeclined.INSUFFICIENT_CREDIT);
        assertPoison(record("s", headers(UUID.randomUUID(), "PaymentDeclined", "1", "s", null),
                json.encodeBytes(declined)), "not a command of topic payment.commands");
    }

    @Test
    void anotherParticipantsCommandIsPoison() {
        assertPoison(record("s", headers(UUID.randomUUID(), "CancelShipment", "1", "s", null),
                ("{\"requestId\":\"" + UUID.randomUUID() + "\",\"orderId\":\"o\"}").getBytes(StandardCharsets.UTF_8)),
                "not a command of topic");
    }

    @Test
    void missingHeadersArePoison() {
        assertPoison(record("s", headers(null, "ChargePayment", "1", "s", null), json.encodeBytes(charge)),
                "message-id");
        assertPoison(record("s", headers(UUID.randomUUID(), null, "1", "s", null), json.encodeBytes(charge)),
                "message-type");
        assertPoison(record("s", headers(UUID.randomUUID(), "ChargePayment", null, "s", null), json.encodeBytes(charge)),
                "schema-version");
    }

    @Test
    void aReplyOfAnotherTopicIsAProgrammingError() {
        var wrong = ParticipantDefinition.builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
                .on(ChargePayment.class, c -> new ShipmentScheduled(c.requestId(), c.orderId(), "TRK-1"))
                .on(RefundPayment.class, c -> new PaymentRefunded(c.requestId(), c.orderId()))
                .build();
        var broken = new CommandDispatcher(wrong, inbox, outbox, TransactionOperations.withoutTransaction(), json);
        assertThatThrownBy(() -> broken.dispatch(record("s", headers(UUID.randomUUID(), "ChargePayment", "1", "s",
                null), json.encodeBytes(charge))))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(PoisonMessageException.class);
    }

    @Test
    void aReplyMustEchoTheRequestId() {
        var wrong = ParticipantDefinition.builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
                .on(ChargePayment.class, c -> new PaymentCharged(UUID.randomUUID(), c.orderId(), "x"))
                .on(RefundPayment.class, c -> new PaymentRefunded(c.requestId(), c.orderId()))
                .build();
        var broken = new CommandDispatcher(wrong, inbox, outbox, TransactionOperations.withoutTransaction(), json);
        assertThatThrownBy(() -> broken.dispatch(record("s", headers(UUID.randomUUID(), "ChargePayment", "1", "s",
                null), json.encodeBytes(charge))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("requestId");
    }

    @Test
    void aDefinitionNeedsAHandlerForEveryCommandOfItsTopic() {
        assertThatThrownBy(() -> ParticipantDefinition.builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
                .on(ChargePayment.class, c -> new PaymentCharged(c.requestId(), c.orderId(), "x"))
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RefundPayment");
    }

    @Test
    void aDefinitionRefusesCommandsOfOtherTopics() {
        assertThatThrownBy(() -> ParticipantDefinition.builder("payment", Topics.PAYMENT_COMMANDS, Topics.PAYMENT_REPLIES)
                .on(io.sagaengine.contracts.shipping.CancelShipment.class, c -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertPoison(ConsumerRecord<String, byte[]> record, String reason) {
        assertThatThrownBy(() -> dispatcher.dispatch(record))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessageContaining(reason);
        assertThat(outbox.messages).isEmpty();
        assertThat(inbox.seen).isEmpty();
        assertThat(charges).hasValue(0);
    }

    private static Map<String, String> headers(UUID messageId, String type, String version, String sagaId,
                                               String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (messageId != null) {
            headers.put(MessageHeaders.MESSAGE_ID, messageId.toString());
        }
        if (type != null) {
            headers.put(MessageHeaders.MESSAGE_TYPE, type);
        }
        if (version != null) {
            headers.put(MessageHeaders.SCHEMA_VERSION, version);
        }
        if (sagaId != null) {
            headers.put(MessageHeaders.SAGA_ID, sagaId);
        }
        if (traceparent != null) {
            headers.put(MessageHeaders.TRACEPARENT, traceparent);
        }
        return headers;
    }

    private static ConsumerRecord<String, byte[]> record(String key, Map<String, String> headers, byte[] value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((k, v) -> recordHeaders.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return new ConsumerRecord<>(Topics.PAYMENT_COMMANDS, 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, key, value,
                recordHeaders, Optional.empty());
    }

    private static final class FakeInbox implements Inbox {
        final Set<String> seen = new HashSet<>();

        @Override
        public boolean markProcessed(String consumer, UUID messageId) {
            return seen.add(consumer + "/" + messageId);
        }

        @Override
        public boolean processOnce(String consumer, UUID messageId, Runnable effect) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeOutbox implements Outbox {
        final List<OutboxMessage> messages = new ArrayList<>();

        @Override
        public void append(OutboxMessage message) {
            messages.add(message);
        }

        @Override
        public void appendAll(List<OutboxMessage> all) {
            messages.addAll(all);
        }
    }
}
