package io.sagaengine.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * I5 (every committed outbox row reached its topic, nothing reached a topic that was not committed, first
 * deliveries per saga and topic in outbox order) and I6's other half: how many duplicates were actually
 * delivered, so deduplication was exercised.
 */
final class MessageChecks {

    /** @param relayed duplicates the services' relays delivered; @param injected copies the harness re-published */
    record Duplicates(long relayed, long injected) {
        long total() {
            return relayed + injected;
        }
    }

    private MessageChecks() {
    }

    /** The outbox rows that have not reached their topic yet. */
    static List<Databases.OutboxRow> undelivered(List<Databases.OutboxRow> outbox, List<Delivery> deliveries) {
        Set<String> delivered = deliveries.stream().map(d -> d.topic() + "/" + d.messageId()).collect(Collectors.toSet());
        return outbox.stream().filter(r -> !delivered.contains(r.topic() + "/" + r.id())).toList();
    }

    static void check(Evidence evidence, Findings findings) {
        check(evidence, Set.of(), findings);
    }

    /** @param acceptedLosses outbox message ids whose loss an operator accepted: not reported when undelivered */
    static void check(Evidence evidence, Set<String> acceptedLosses, Findings findings) {
        List<Delivery> deliveries = evidence.deliveries().stream().filter(d -> !d.deadLetter()).toList();
        for (Databases.OutboxRow row : undelivered(evidence.outbox(), deliveries)) {
            if (acceptedLosses.contains(row.id())) {
                continue;
            }
            findings.violation("I5", "outbox row " + row.id() + " (" + row.database() + ", " + row.type() + ", saga "
                    + row.key() + ") never reached " + row.topic());
        }
        Set<String> committed = evidence.outbox().stream().map(Databases.OutboxRow::id).collect(Collectors.toSet());
        for (Delivery d : deliveries) {
            if (!committed.contains(d.messageId())) {
                findings.violation("I5", "record " + d.topic() + "-" + d.partition() + "@" + d.offset() + " (" + d.type()
                        + ", message-id " + d.messageId() + ", saga " + d.key() + ") is no committed outbox row");
            }
        }
        checkOrder(evidence.outbox(), deliveries, findings);
    }

    /** Per saga and topic, the first delivery of each message comes in the order the outbox rows were created. */
    private static void checkOrder(List<Databases.OutboxRow> outbox, List<Delivery> deliveries, Findings findings) {
        Map<String, List<Databases.OutboxRow>> rows = outbox.stream()
                .collect(Collectors.groupingBy(r -> r.key() + " " + r.topic()));
        Map<String, List<Delivery>> delivered = deliveries.stream()
                .collect(Collectors.groupingBy(d -> d.key() + " " + d.topic()));
        delivered.forEach((sagaAndTopic, records) -> {
            Set<Integer> partitions = records.stream().map(Delivery::partition).collect(Collectors.toSet());
            if (partitions.size() > 1) {
                findings.violation("I5", "records of saga and topic " + sagaAndTopic + " are on partitions " + partitions);
                return;
            }
            List<String> firstSeen = new ArrayList<>(records.stream().sorted(Comparator.comparingLong(Delivery::offset))
                    .map(Delivery::messageId).collect(Collectors.toCollection(LinkedHashSet::new)));
            List<Databases.OutboxRow> expectedRows = rows.getOrDefault(sagaAndTopic, List.of()).stream()
                    .sorted(Comparator.comparingLong(Databases.OutboxRow::position)).toList();
            Set<String> seen = new HashSet<>(firstSeen);
            List<String> expected = expectedRows.stream().map(Databases.OutboxRow::id).filter(seen::contains).toList();
            firstSeen.retainAll(new HashSet<>(expected));
            if (!firstSeen.equals(expected)) {
                Map<String, String> types = new HashMap<>();
                expectedRows.forEach(r -> types.put(r.id(), r.type()));
                findings.violation("I5", "saga and topic " + sagaAndTopic + ": first deliveries "
                        + firstSeen.stream().map(types::get).toList() + " differ from the outbox order "
                        + expected.stream().map(types::get).toList());
            }
        });
    }

    static Duplicates duplicates(List<Delivery> deliveries) {
        long relayed = 0;
        long injected = 0;
        Map<String, List<Delivery>> byMessage = deliveries.stream().filter(d -> !d.deadLetter() && d.messageId() != null)
                .collect(Collectors.groupingBy(d -> d.topic() + "/" + d.messageId()));
        for (List<Delivery> copies : byMessage.values()) {
            long injectedCopies = copies.stream().filter(Delivery::injected).count();
            long originals = copies.size() - injectedCopies;
            injected += injectedCopies;
            relayed += Math.max(0, originals - 1);
        }
        return new Duplicates(relayed, injected);
    }
}
