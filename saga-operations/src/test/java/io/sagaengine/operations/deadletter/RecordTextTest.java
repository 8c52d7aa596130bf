package io.sagaengine.operations.deadletter;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecordTextTest {

    @Test
    void aJsonPayloadIsPrettyPrintedAndOtherTextShownAsItIs() {
        RecordText.Payload json = RecordText.payload("{\"a\":1,\"b\":[true]}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.encoding()).isEqualTo(RecordText.Encoding.JSON);
        assertThat(json.text()).contains("\n").contains("\"a\" : 1");
        assertThat(json.truncated()).isFalse();

        RecordText.Payload broken = RecordText.payload("{\"a\":".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.encoding()).isEqualTo(RecordText.Encoding.TEXT);
        assertThat(broken.text()).isEqualTo("{\"a\":");

        RecordText.Payload binary = RecordText.payload(new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThat(binary.encoding()).isEqualTo(RecordText.Encoding.BASE64);
        assertThat(binary.text()).isEqualTo("wyg=");
    }

    @Test
    void aLargePayloadIsCutAndSaysSo() {
        byte[] large = ("\"" + "x".repeat(RecordText.MAX_PAYLOAD_CHARS * 2) + "\"").getBytes(StandardCharsets.UTF_8);

        RecordText.Payload payload = RecordText.payload(large);

        assertThat(payload.text()).hasSize(RecordText.MAX_PAYLOAD_CHARS);
        assertThat(payload.truncated()).isTrue();
        assertThat(payload.bytes()).isEqualTo(large.length);
    }

    @Test
    void theDeadLetterPublishersBinaryNumbersReadAsNumbersAndTheStackTraceIsShortened() {
        assertThat(RecordText.header("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(2).array()))
                .isEqualTo("2");
        assertThat(RecordText.header("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(4711).array()))
                .isEqualTo("4711");
        String trace = "java.lang.IllegalStateException: boom\n" + "\tat a.B.c(B.java:1)\n".repeat(100);
        String shown = RecordText.header(RecordText.STACK_TRACE, trace.getBytes(StandardCharsets.UTF_8));
        assertThat(shown).startsWith("java.lang.IllegalStateException: boom").endsWith("... 95 more lines");
        assertThat(shown.lines()).hasSize(RecordText.STACK_TRACE_LINES + 1);
        assertThat(RecordText.header("message-type", "PaymentCharged".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("PaymentCharged");
    }
}
