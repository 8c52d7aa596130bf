package io.sagaengine.operations.deadletter;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterFilterTest {

    private static final String SAGA = "6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e";

    @Test
    void everyCriterionGivenMustMatch() {
        DeadLetter letter = letter(SAGA, "PaymentCharged", "unknown message type PaymentCharged v9");

        assertThat(DeadLetterFilter.ALL.matches(letter, true)).isTrue();
        assertThat(new DeadLetterFilter("PaymentCharged", null, null, false).matches(letter, false)).isTrue();
        assertThat(new DeadLetterFilter("PaymentDeclined", null, null, false).matches(letter, false)).isFalse();
        assertThat(new DeadLetterFilter(null, SAGA.toUpperCase(), null, false).matches(letter, false)).isTrue();
        assertThat(new DeadLetterFilter(null, "7b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e", null, false)
                .matches(letter, false)).isFalse();
        assertThat(new DeadLetterFilter(null, null, "UNKNOWN MESSAGE", false).matches(letter, false)).isTrue();
        assertThat(new DeadLetterFilter(null, null, "bad json", false).matches(letter, false)).isFalse();
        assertThat(new DeadLetterFilter("PaymentCharged", SAGA, "v9", false).matches(letter, false)).isTrue();
        assertThat(new DeadLetterFilter("PaymentCharged", SAGA, "v8", false).matches(letter, false)).isFalse();
    }

    @Test
    void notRedrivenLeavesOutWhatWasReDriven() {
        DeadLetter letter = letter(SAGA, "PaymentCharged", "bad");

        assertThat(new DeadLetterFilter(null, null, null, true).matches(letter, false)).isTrue();
        assertThat(new DeadLetterFilter(null, null, null, true).matches(letter, true)).isFalse();
        assertThat(new DeadLetterFilter(null, null, null, false).matches(letter, true)).isTrue();
    }

    @Test
    void theSagaIsTheKeyWhenNoHeaderNamesItAndAReasonFilterNeedsAReason() {
        DeadLetter keyedOnly = letter(null, null, null);

        assertThat(new DeadLetterFilter(null, SAGA, null, false).matches(keyedOnly, false)).isTrue();
        assertThat(new DeadLetterFilter(null, null, "x", false).matches(keyedOnly, false)).isFalse();
        assertThat(new DeadLetterFilter("PaymentCharged", null, null, false).matches(keyedOnly, false)).isFalse();
    }

    static DeadLetter letter(String sagaHeader, String type, String reason) {
        List<Header> headers = new ArrayList<>();
        if (sagaHeader != null) {
            headers.add(new RecordHeader("saga-id", sagaHeader.getBytes(StandardCharsets.UTF_8)));
        }
        if (type != null) {
            headers.add(new RecordHeader("message-type", type.getBytes(StandardCharsets.UTF_8)));
        }
        if (reason != null) {
            headers.add(new RecordHeader("dlt-reason", reason.getBytes(StandardCharsets.UTF_8)));
        }
        return new DeadLetter(new Coordinates("payment.replies.DLT", 0, 4), Instant.EPOCH,
                SAGA.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), headers);
    }
}
