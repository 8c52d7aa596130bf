package io.sagaengine.operations.deadletter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the dead letters of one topic that match a filter, oldest first, from a cursor on: reads the topic in
 * chunks, looks up each chunk's re-drives in one query, and stops at the limit, at the end of the topic (as it was
 * when the search began), after {@code maxScanned} records or at the reader's deadline.
 */
final class DeadLetterSearch {

    /** A dead letter with its re-drives, oldest first. */
    record Entry(DeadLetter letter, List<Redrive> redrives) {
        boolean redriven() {
            return !redrives.isEmpty();
        }
    }

    /**
     * @param next    where the next page starts; null when the search reached the end of every partition
     * @param scanned how many records were read to find these
     */
    record Found(List<Entry> entries, DeadLetterCursor next, int scanned) {
    }

    private static final int CHUNK = 100;

    private final DeadLetterOffsets offsets;
    private final DeadLetterReader reader;
    private final RedriveLog log;
    private final int maxScanned;

    DeadLetterSearch(DeadLetterOffsets offsets, DeadLetterReader reader, RedriveLog log, int maxScanned) {
        this.offsets = offsets;
        this.reader = reader;
        this.log = log;
        this.maxScanned = maxScanned;
    }

    Found find(String topic, DeadLetterCursor from, DeadLetterFilter filter, int limit) {
        List<DeadLetterOffsets.Range> ranges = offsets.ranges(topic);
        Map<Integer, Long> positions = new HashMap<>();
        ranges.forEach(r -> positions.put(r.partition(), from.startOf(r.partition(), r.begin())));
        List<Entry> entries = new ArrayList<>();
        int scanned = 0;
        try (MergedScan scan = reader.scan(topic, ranges, from)) {
            while (entries.size() < limit && scanned < maxScanned) {
                List<DeadLetter> chunk = scan.next(Math.min(CHUNK, maxScanned - scanned));
                if (chunk.isEmpty()) {
                    break;
                }
                Map<Coordinates, List<Redrive>> redrives = log.of(topic, chunk.stream().map(DeadLetter::at).toList());
                for (DeadLetter letter : chunk) {
                    if (entries.size() == limit) {
                        break; // the rest of the chunk starts the next page
                    }
                    positions.put(letter.at().partition(), letter.at().offset() + 1);
                    scanned++;
                    List<Redrive> ofLetter = redrives.getOrDefault(letter.at(), List.of());
                    if (filter.matches(letter, !ofLetter.isEmpty())) {
                        entries.add(new Entry(letter, ofLetter));
                    }
                }
            }
        }
        boolean complete = ranges.stream().allMatch(r -> positions.get(r.partition()) >= r.end());
        return new Found(entries, complete ? null : new DeadLetterCursor(positions), scanned);
    }
}
