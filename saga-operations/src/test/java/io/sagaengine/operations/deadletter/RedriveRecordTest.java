package io.sagaengine.operations.deadletter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedriveRecordTest {

    @Test
    void aReDrivenRecordKeepsKeyPayloadAndBusinessHeadersDropsTheDeadLetterHeadersAndSaysWhoAndWhy() {
        byte[] key = "saga-1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(new Coordinates("payment.replies.DLT", 2, 41), Instant.EPOCH, key, value,
                List.of(text("message-id", "m-1"), text("message-type", "PaymentCharged"), text("schema-version", "1"),
                        text("saga-id", "saga-1"), text("causation-id", "c-1"), text("traceparent", "00-a-b-01"),
                        text("kafka_dlt-original-topic", "payment.replies"),
                        new RecordHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(7).array()),
                        text("kafka_dlt-exception-stacktrace", "boom"), text("dlt-reason", "unknown type"),
                        text("redriven-by", "someone-earlier")));

        RedriveRecord record = RedriveRecord.of(letter, "olga", "fixed in 1.4.2", Instant.parse("2030-01-01T10:00:00Z"));

        assertThat(record.targetTopic()).isEqualTo("payment.replies");
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.value()).isEqualTo(value);
        assertThat(record.headers()).extracting(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("message-id=m-1", "message-type=PaymentCharged", "schema-version=1",
                        "saga-id=saga-1", "causation-id=c-1", "traceparent=00-a-b-01", "redriven-by=olga",
                        "redriven-reason=fixed in 1.4.2", "redriven-at=2030-01-01T10:00:00Z",
                        "redriven-from=payment.replies.DLT/2/41");
    }

    @Test
    void headersSurviveTheAuditRowByteForByte() {
        List<Header> headers = List.of(text("message-id", "m-1"), new RecordHeader("binary", new byte[] {0, -1, 7}),
                new RecordHeader("empty", null), text("message-id", "m-2"));

        List<Header> back = RedriveLog.headers(RedriveLog.headersJson(headers));

        assertThat(back).hasSize(4);
        for (int i = 0; i < headers.size(); i++) {
            assertThat(back.get(i).key()).isEqualTo(headers.get(i).key());
            assertThat(back.get(i).value()).isEqualTo(headers.get(i).value());
        }
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
