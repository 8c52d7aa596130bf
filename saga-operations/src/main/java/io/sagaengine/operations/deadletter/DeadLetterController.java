package io.sagaengine.operations.deadletter;

import io.sagaengine.operations.deadletter.DeadLetterViews.BulkRedriveRequest;
import io.sagaengine.operations.deadletter.DeadLetterViews.BulkResult;
import io.sagaengine.operations.deadletter.DeadLetterViews.Page;
import io.sagaengine.operations.deadletter.DeadLetterViews.RedriveRequest;
import io.sagaengine.operations.deadletter.DeadLetterViews.RedriveView;
import io.sagaengine.operations.deadletter.DeadLetterViews.Summary;
import io.sagaengine.operations.deadletter.DeadLetterViews.TopicDepth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;

/**
 * The admin API of dead letters: how many wait in each dead-letter topic, what they are and why they were
 * dead-lettered, and re-driving them to their original topic, one or by filter, each with a reason and audited.
 * Reading needs SUPPORT or OPERATOR, re-driving OPERATOR (the admin API's rules for {@code /admin/**}).
 */
@RestController
@RequestMapping("/admin/dead-letters")
@Tag(name = "Admin: dead letters", description = "Support staff: see dead-lettered records and why; operators "
        + "re-drive them to their original topic")
@SecurityRequirement(name = DeadLetterController.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No or wrong credentials",
        content = @Content(mediaType = DeadLetterController.PROBLEM, schema = @Schema(ref = DeadLetterController.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "403", description = "The user's role may not do this",
        content = @Content(mediaType = DeadLetterController.PROBLEM, schema = @Schema(ref = DeadLetterController.PROBLEM_SCHEMA)))
@ApiResponse(responseCode = "503", description = "Kafka did not answer in time",
        content = @Content(mediaType = DeadLetterController.PROBLEM, schema = @Schema(ref = DeadLetterController.PROBLEM_SCHEMA)))
class DeadLetterController {

    static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    /** The admin API's HTTP Basic scheme and problem schema, declared with the saga admin API. */
    static final String SECURITY_SCHEME = "basicAuth";
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private final DeadLetterTopics topics;
    private final DeadLetterDepths depths;
    private final DeadLetterSearch search;
    private final Redrives redrives;

    DeadLetterController(DeadLetterTopics topics, DeadLetterDepths depths, DeadLetterSearch search,
                         Redrives redrives) {
        this.topics = topics;
        this.depths = depths;
        this.search = search;
        this.redrives = redrives;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetterTopics", summary = "Every dead-letter topic with its depth (SUPPORT or "
            + "OPERATOR)", description = "Per dead-letter topic: the records never re-driven (depth) and the records "
            + "it still holds (total). A topic that does not exist yet has depth 0.")
    @ApiResponse(responseCode = "200", description = "The topics")
    Summary summary() {
        return kafka(() -> new Summary(topics.all().stream().map(t -> TopicDepth.of(depths.of(t))).toList()));
    }

    @GetMapping("/{topic}")
    @Operation(operationId = "listDeadLetters", summary = "The dead letters of one topic (SUPPORT or OPERATOR)",
            description = "Oldest first, a page at a time, each with why it was dead-lettered, its headers and "
                    + "payload as text, and its re-drives. Filters combine.")
    @ApiResponse(responseCode = "200", description = "A page of dead letters")
    @ApiResponse(responseCode = "400", description = "A bad parameter (all listed in errors)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "404", description = "Not a dead-letter topic of this system",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    Page list(@TopicParameter @PathVariable String topic,
              @Parameter(description = "Only records of this message-type header")
              @RequestParam(required = false) String messageType,
              @Parameter(description = "Only records of this saga (saga-id header, else the key)")
              @RequestParam(required = false) String sagaId,
              @Parameter(description = "Only records whose dlt-reason contains this, ignoring case")
              @RequestParam(required = false) String reasonContains,
              @Parameter(description = "Only records never re-driven",
                      schema = @Schema(type = "boolean", defaultValue = "false"))
              @RequestParam(required = false) String notRedriven,
              @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1",
                      maximum = "" + DeadLetterQuery.MAX_LIMIT, defaultValue = "" + DeadLetterQuery.DEFAULT_LIMIT))
              @RequestParam(required = false) String limit,
              @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = "string"))
              @RequestParam(required = false) String cursor) {
        String known = known(topic);
        DeadLetterQuery query = DeadLetterQuery.parse(messageType, sagaId, reasonContains, notRedriven, limit, cursor);
        return kafka(() -> Page.of(known, search.find(known, query.cursor(), query.filter(), query.limit())));
    }

    @PostMapping(path = "/{topic}/{partition}/{offset}/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "redriveDeadLetter", summary = "Re-drive one dead letter to its original topic (OPERATOR)",
            description = "Publishes the record again to its original topic: same key, payload, message id and "
                    + "business headers, without the dead-letter headers, with redriven-by, redriven-reason, "
                    + "redriven-at and redriven-from. Recorded (who, why, when) before it is published. A record "
                    + "re-driven before is refused unless force is true. Consumers deduplicate by message id, so "
                    + "re-driving a record that was in fact processed changes nothing.")
    @ApiResponse(responseCode = "200", description = "Re-driven: Kafka acknowledged it (status PUBLISHED)")
    @ApiResponse(responseCode = "202", description = "Recorded, but Kafka has not acknowledged it yet (status "
            + "PENDING): it is published as soon as Kafka answers; do not re-drive it again")
    @ApiResponse(responseCode = "400", description = "No reason, a blank or too long one, malformed JSON, a bad "
            + "partition or offset", content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "404", description = "Not a dead-letter topic of this system, or no such record",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "409", description = "Re-driven before (send force: true to re-drive it again)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    ResponseEntity<RedriveView> redrive(@TopicParameter @PathVariable String topic,
                                        @Parameter(description = "The record's partition") @PathVariable int partition,
                                        @Parameter(description = "The record's offset") @PathVariable long offset,
                                        @Valid @RequestBody RedriveRequest request,
                                        @Parameter(hidden = true) Authentication user) {
        Coordinates at = new Coordinates(known(topic), partition, offset);
        Redrive redrive = kafka(() -> redrives.one(at, actor(user), request.reason().strip(),
                Boolean.TRUE.equals(request.force())));
        HttpStatus status = redrive.status() == Redrive.Status.PUBLISHED ? HttpStatus.OK : HttpStatus.ACCEPTED;
        return ResponseEntity.status(status).body(RedriveView.of(redrive));
    }

    @PostMapping(path = "/{topic}/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "redriveDeadLetters", summary = "Re-drive the dead letters that match (OPERATOR)",
            description = "Re-drives, oldest first, up to max records of the topic never re-driven that match every "
                    + "criterion given; each is recorded like a single re-drive.")
    @ApiResponse(responseCode = "200", description = "How many and which were re-driven")
    @ApiResponse(responseCode = "400", description = "No reason, a bad criterion or max, malformed JSON",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "404", description = "Not a dead-letter topic of this system",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    BulkResult redriveMatching(@TopicParameter @PathVariable String topic,
                               @Valid @RequestBody BulkRedriveRequest request,
                               @Parameter(hidden = true) Authentication user) {
        String known = known(topic);
        return kafka(() -> BulkResult.of(redrives.matching(known, request.filter(), request.maxOrDefault(),
                actor(user), request.reason().strip())));
    }

    private String known(String topic) {
        return topics.known(topic).orElseThrow(() -> DeadLetterProblems.unknownTopic(topic, topics.all()));
    }

    private static String actor(Authentication user) {
        String actor = user == null ? null : user.getName();
        if (actor == null || actor.isBlank()) {
            // the security rules let no anonymous request get here; refuse rather than record no one
            throw new IllegalStateException("a re-drive without an authenticated user");
        }
        return actor;
    }

    private static <T> T kafka(Supplier<T> work) {
        try {
            return work.get();
        } catch (KafkaUnavailableException e) {
            throw DeadLetterProblems.kafkaUnavailable(e);
        }
    }

    /** The dead-letter topic path parameter, documented once. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(description = "A dead-letter topic: one of the system's topics with .DLT appended",
            schema = @Schema(type = "string", example = "payment.replies.DLT"))
    @interface TopicParameter {
    }
}
