package io.sagaengine.operations.deadletter;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Re-drives dead letters: each is first recorded (who, why, when, from where, the record itself) as pending, then
 * published to its original topic, then marked published once Kafka acknowledged it. A crash or a Kafka outage
 * between the two leaves the re-drive pending, and {@link PendingRedrives} publishes it later: the record may be
 * published twice (consumers deduplicate by message id), never lost, and a re-drive is recorded exactly once.
 */
final class Redrives {

    /**
     * @param redriven the re-drives recorded by this request, published or pending
     * @param skipped  matching records another re-drive recorded at the same moment
     * @param complete whether the whole topic was searched (else {@code max} or the search's bounds stopped it)
     */
    record Bulk(List<Redrive> redriven, int skipped, boolean complete) {
    }

    private final DeadLetterOffsets offsets;
    private final DeadLetterReader reader;
    private final DeadLetterSearch search;
    private final RedriveLog log;
    private final RedrivePublisher publisher;
    private final Clock clock;

    Redrives(DeadLetterOffsets offsets, DeadLetterReader reader, DeadLetterSearch search, RedriveLog log,
             RedrivePublisher publisher, Clock clock) {
        this.offsets = offsets;
        this.reader = reader;
        this.search = search;
        this.log = log;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * @throws org.springframework.web.ErrorResponseException 404 when the topic holds no such record, 409 when it
     *                                                        was re-driven before and {@code force} is false
     */
    Redrive one(Coordinates at, String actor, String reason, boolean force) {
        boolean held = offsets.ranges(at.topic()).stream()
                .anyMatch(r -> r.partition() == at.partition() && r.holds(at.offset()));
        DeadLetter letter = (held ? reader.read(at) : Optional.<DeadLetter>empty())
                .orElseThrow(() -> DeadLetterProblems.noRecord(at));
        Instant now = clock.instant();
        RedriveRecord record = RedriveRecord.of(letter, actor, reason, now);
        Redrive recorded = log.record(letter, record, actor, reason, force, now).orElseThrow(() -> {
            List<Redrive> earlier = log.of(at);
            return earlier.isEmpty() ? DeadLetterProblems.concurrentRedrive(at)
                    : DeadLetterProblems.alreadyRedriven(at, earlier.get(earlier.size() - 1));
        });
        return published(recorded, publisher.send(record));
    }

    /** Re-drives the records of the topic that match and were never re-driven, oldest first, at most {@code max}. */
    Bulk matching(String topic, DeadLetterFilter filter, int max, String actor, String reason) {
        DeadLetterFilter notRedriven = new DeadLetterFilter(filter.messageType(), filter.sagaId(),
                filter.reasonContains(), true);
        DeadLetterSearch.Found found = search.find(topic, DeadLetterCursor.START, notRedriven, max);
        Instant now = clock.instant();
        List<Redrive> recorded = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        int skipped = 0;
        for (DeadLetterSearch.Entry entry : found.entries()) {
            RedriveRecord record = RedriveRecord.of(entry.letter(), actor, reason, now);
            Optional<Redrive> redrive = log.record(entry.letter(), record, actor, reason, false, now);
            if (redrive.isPresent()) {
                recorded.add(redrive.get());
                sends.add(publisher.send(record));
            } else {
                skipped++;
            }
        }
        List<Redrive> redriven = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            redriven.add(published(recorded.get(i), sends.get(i)));
        }
        return new Bulk(redriven, skipped, found.next() == null);
    }

    /** Waits for Kafka's acknowledgement and marks the re-drive published; on failure it stays pending. */
    private Redrive published(Redrive redrive, Future<RecordMetadata> send) {
        try {
            RecordMetadata sent = publisher.acknowledged(send);
            log.published(redrive.id(), sent.partition(), sent.offset());
            return new Redrive(redrive.id(), redrive.from(), redrive.attempt(), redrive.forced(), redrive.actor(),
                    redrive.reason(), redrive.requestedAt(), redrive.targetTopic(), redrive.messageId(),
                    clock.instant(), sent.partition(), sent.offset(), null);
        } catch (KafkaUnavailableException e) {
            log.failed(redrive.id(), e.getMessage());
            return new Redrive(redrive.id(), redrive.from(), redrive.attempt(), redrive.forced(), redrive.actor(),
                    redrive.reason(), redrive.requestedAt(), redrive.targetTopic(), redrive.messageId(), null, null,
                    null, e.getMessage());
        }
    }
}
