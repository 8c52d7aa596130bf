package io.sagaengine.operations.deadletter;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** What the dead-letter admin API reads and answers. */
final class DeadLetterViews {

    static final int MAX_REASON_LENGTH = 500;
    static final int DEFAULT_BULK_MAX = 100;
    static final int MAX_BULK_MAX = 1000;

    private DeadLetterViews() {
    }

    @Schema(name = "DeadLetterTopics", description = "Every dead-letter topic of the system with its depth")
    record Summary(List<TopicDepth> topics) {
    }

    @Schema(name = "DeadLetterTopicDepth")
    record TopicDepth(
            @Schema(example = "payment.replies.DLT") String topic,
            @Schema(example = "payment.replies") String originalTopic,
            @Schema(description = "false until the first record is dead-lettered there") boolean exists,
            @Schema(description = "Records never re-driven (also the gauge saga_dead_letters)") long depth,
            @Schema(description = "Records the topic still holds (its retention may have deleted older ones)")
            long total) {

        static TopicDepth of(DeadLetterDepths.Depth d) {
            return new TopicDepth(d.topic(), d.originalTopic(), d.exists(), d.depth(), d.total());
        }
    }

    @Schema(name = "DeadLetterPage", description = "Dead letters of one topic, oldest first")
    record Page(
            String topic,
            List<Item> items,
            @Schema(description = "Pass as cursor for the next page; null when the topic was read to its end. A page "
                    + "may hold fewer items than the limit (even none) and still have a next page, when the "
                    + "filter skipped many records.", nullable = true) String nextCursor,
            @Schema(description = "Records read to fill this page") int scanned) {

        static Page of(String topic, DeadLetterSearch.Found found) {
            return new Page(topic, found.entries().stream().map(Item::of).toList(),
                    found.next() == null ? null : found.next().format(), found.scanned());
        }
    }

    @Schema(name = "DeadLetter")
    record Item(
            int partition, long offset,
            @Schema(description = "When the record was dead-lettered") Instant timestamp,
            @Schema(description = "The key as text (the saga id)", nullable = true) String key,
            @Schema(description = "Why it was dead-lettered (the dlt-reason header)", nullable = true) String reason,
            @Schema(example = "payment.replies") String originalTopic,
            @Schema(nullable = true) String messageId,
            @Schema(nullable = true) String messageType,
            @Schema(nullable = true) String sagaId,
            @Schema(description = "Every header as text, in order; the stack trace shortened") List<HeaderText> headers,
            @Schema(description = "JSON pretty-printed, other text as it is, anything else base64; at most "
                    + RecordText.MAX_PAYLOAD_CHARS + " characters", nullable = true) String payload,
            RecordText.Encoding payloadEncoding,
            int payloadBytes,
            boolean payloadTruncated,
            @Schema(description = "Whether it was re-driven") boolean redriven,
            @Schema(description = "Its re-drives, oldest first") List<RedriveView> redrives) {

        static Item of(DeadLetterSearch.Entry entry) {
            DeadLetter letter = entry.letter();
            RecordText.Payload payload = RecordText.payload(letter.value());
            return new Item(letter.at().partition(), letter.at().offset(), letter.timestamp(),
                    letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8), letter.reason(),
                    letter.originalTopic(), letter.messageId(), letter.messageType(), letter.sagaId(),
                    letter.headers().stream().map(HeaderText::of).toList(), payload.text(), payload.encoding(),
                    payload.bytes(), payload.truncated(), entry.redriven(),
                    entry.redrives().stream().map(RedriveView::of).toList());
        }
    }

    @Schema(name = "DeadLetterHeader")
    record HeaderText(String name, @Schema(nullable = true) String value) {

        static HeaderText of(Header header) {
            return new HeaderText(header.key(), RecordText.header(header.key(), header.value()));
        }
    }

    @Schema(name = "DeadLetterRedrive", description = "One re-drive of a dead letter")
    record RedriveView(
            String topic, int partition, long offset,
            @Schema(description = "1 for the first re-drive; higher ones were forced") int attempt,
            boolean forced,
            @Schema(description = "Who re-drove it") String redrivenBy,
            @Schema(description = "Why") String reason,
            Instant requestedAt,
            @Schema(example = "payment.replies") String targetTopic,
            @Schema(nullable = true) String messageId,
            @Schema(description = "PUBLISHED once Kafka acknowledged it; PENDING until then (it is retried)")
            Redrive.Status status,
            @Schema(nullable = true) Instant publishedAt,
            @Schema(nullable = true) Integer targetPartition,
            @Schema(nullable = true) Long targetOffset,
            @Schema(description = "Why the last publish failed, while pending", nullable = true) String lastError) {

        static RedriveView of(Redrive r) {
            return new RedriveView(r.from().topic(), r.from().partition(), r.from().offset(), r.attempt(), r.forced(),
                    r.actor(), r.reason(), r.requestedAt(), r.targetTopic(), r.messageId(), r.status(),
                    r.publishedAt(), r.targetPartition(), r.targetOffset(), r.lastError());
        }
    }

    @Schema(name = "DeadLetterRedriveRequest")
    record RedriveRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_REASON_LENGTH,
                    description = "Why; recorded with your user name and sent in the redriven-reason header",
                    example = "payment-participant fixed in 1.4.2, ticket OPS-77")
            @NotBlank @Size(max = MAX_REASON_LENGTH) String reason,
            @Schema(description = "Re-drive a record that was re-driven before", defaultValue = "false")
            Boolean force) {
    }

    @Schema(name = "DeadLetterBulkRedriveRequest",
            description = "Re-drives the records never re-driven that match every criterion given, oldest first")
    record BulkRedriveRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_REASON_LENGTH,
                    description = "Why; recorded with your user name for every record")
            @NotBlank @Size(max = MAX_REASON_LENGTH) String reason,
            @Schema(description = "Only records of this message-type", nullable = true)
            @Size(max = DeadLetterQuery.MAX_CRITERION_LENGTH) String messageType,
            @Schema(description = "Only records of this saga", nullable = true)
            @Size(max = DeadLetterQuery.MAX_CRITERION_LENGTH) String sagaId,
            @Schema(description = "Only records whose dlt-reason contains this, ignoring case", nullable = true)
            @Size(max = DeadLetterQuery.MAX_CRITERION_LENGTH) String reasonContains,
            @Schema(description = "At most this many records", minimum = "1", maximum = "" + MAX_BULK_MAX,
                    defaultValue = "" + DEFAULT_BULK_MAX)
            @Min(1) @Max(MAX_BULK_MAX) Integer max) {

        DeadLetterFilter filter() {
            return new DeadLetterFilter(blankToNull(messageType), blankToNull(sagaId), blankToNull(reasonContains),
                    true);
        }

        int maxOrDefault() {
            return max == null ? DEFAULT_BULK_MAX : max;
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }
    }

    @Schema(name = "DeadLetterBulkRedriveResult")
    record BulkResult(
            @Schema(description = "How many records were re-driven by this request") int redriven,
            @Schema(description = "Of those, how many Kafka has not acknowledged yet (they are retried)") int pending,
            @Schema(description = "Matching records someone else re-drove at the same moment") int skipped,
            @Schema(description = "Whether the whole topic was searched; false when max or the search's bounds "
                    + "stopped it: send the request again for more") boolean complete,
            List<RedriveView> records) {

        static BulkResult of(Redrives.Bulk bulk) {
            int pending = (int) bulk.redriven().stream().filter(r -> r.status() == Redrive.Status.PENDING).count();
            return new BulkResult(bulk.redriven().size(), pending, bulk.skipped(), bulk.complete(),
                    bulk.redriven().stream().map(RedriveView::of).toList());
        }
    }
}
