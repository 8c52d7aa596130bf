package io.sagaengine.operations.deadletter;

import io.sagaengine.outbox.MessageHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The record a re-drive publishes: the dead letter's key, value and own headers (message id and business headers
 * included), without what dead-lettering added, plus headers saying who re-drove it, why, when and from where.
 */
record RedriveRecord(String targetTopic, byte[] key, byte[] value, List<Header> headers) {

    static final String REDRIVEN_BY = "redriven-by";
    static final String REDRIVEN_REASON = "redriven-reason";
    static final String REDRIVEN_AT = "redriven-at";
    /** {@code <dead-letter topic>/<partition>/<offset>} of the record re-driven. */
    static final String REDRIVEN_FROM = "redriven-from";
    private static final String REDRIVEN_PREFIX = "redriven-";
    /** Of {@link MessageHeaders#DLT_REASON} and any other header the services' dead-lettering adds. */
    private static final String DLT_PREFIX = "dlt-";

    RedriveRecord {
        headers = List.copyOf(headers);
    }

    static RedriveRecord of(DeadLetter letter, String actor, String reason, Instant at) {
        List<Header> headers = new ArrayList<>();
        for (Header header : letter.headers()) {
            if (!dropped(header.key())) {
                headers.add(new RecordHeader(header.key(), header.value()));
            }
        }
        headers.add(text(REDRIVEN_BY, actor));
        headers.add(text(REDRIVEN_REASON, reason));
        headers.add(text(REDRIVEN_AT, at.toString()));
        headers.add(text(REDRIVEN_FROM, letter.at().toString()));
        return new RedriveRecord(DeadLetterTopics.originalOf(letter.at().topic()), letter.key(), letter.value(),
                headers);
    }

    /** What dead-lettering added, and the marks of an earlier re-drive (this one adds its own). */
    static boolean dropped(String header) {
        return header.startsWith(DeadLetter.SPRING_DLT_PREFIX) || header.startsWith(DLT_PREFIX)
                || header.startsWith(REDRIVEN_PREFIX);
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
