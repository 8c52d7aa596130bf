package io.sagaengine.testsupport.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One consumed record, with its headers as text (the last value of each name).
 */
public record ReceivedRecord(String topic, int partition, long offset, String key, byte[] value,
                             Map<String, String> headers) {

    public ReceivedRecord {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static ReceivedRecord of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new ReceivedRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers);
    }

    /** The header's text, or null when the record has no such header. */
    public String header(String name) {
        return headers.get(name);
    }

    public boolean hasHeader(String name, String value) {
        return value.equals(headers.get(name));
    }

    public String valueText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
