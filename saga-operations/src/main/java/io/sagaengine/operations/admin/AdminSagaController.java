package io.sagaengine.operations.admin;

import io.sagaengine.operations.admin.AdminSagaViews.ActionRequest;
import io.sagaengine.operations.admin.AdminSagaViews.ActionResult;
import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.operations.admin.AdminSagaViews.SagaDetail;
import io.sagaengine.operations.admin.AdminSagaViews.SagaList;
import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The admin API for support staff: list sagas (stuck ones with why), read one with its whole timeline, and act
 * on it (retry, compensate, resume, pause, unpause) with a reason, conditional on the version read ({@code If-Match}).
 */
@RestController
@RequestMapping("/admin/sagas")
@Tag(name = "Admin", description = "Support staff: find stuck sagas, read their timeline, and act on them")
@SecurityRequirement(name = AdminAccess.SCHEME)
@ApiResponse(responseCode = "401", description = "No or wrong credentials",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The user's role may not do this",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
class AdminSagaController {

    static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final SagaQueries queries;
    private final SagaOperations operations;
    private final AdminSagaFinder finder;
    private final SagaTypesHere typesHere;
    private final AdminReads reads;
    private final Clock clock;

    AdminSagaController(SagaQueries queries, SagaOperations operations, AdminSagaFinder finder,
                        SagaTypesHere typesHere, AdminReads reads, ObjectProvider<Clock> clock) {
        this.queries = queries;
        this.reads = reads;
        this.operations = operations;
        this.finder = finder;
        this.typesHere = typesHere;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @GetMapping
    @Operation(operationId = "listSagas", summary = "List sagas, or only the stuck ones (SUPPORT or OPERATOR)",
            description = "Sagas in start order, a page at a time. Stuck: needs attention (a compensation's budget "
                    + "was spent), parked (an input could not be handled), or running/compensating without progress "
                    + "for longer than olderThan; each stuck saga says why in stuckReason.")
    @ApiResponse(responseCode = "200", description = "A page of sagas")
    @ApiResponse(responseCode = "400", description = "A bad parameter (all listed in errors)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    SagaList list(
            @Parameter(description = "Only sagas with this status",
                    schema = @Schema(implementation = SagaStatus.class))
            @RequestParam(required = false) String status,
            @Parameter(description = "Only stuck sagas", schema = @Schema(type = "boolean", defaultValue = "false"))
            @RequestParam(required = false) String stuck,
            @Parameter(description = "How long without progress makes a saga stuck (ISO-8601)",
                    schema = @Schema(type = "string", format = "duration", defaultValue = "PT5M"))
            @RequestParam(required = false) String olderThan,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "" + SagaSearch.MAX_LIMIT, defaultValue = "" + ListParameters.DEFAULT_LIMIT))
            @RequestParam(required = false) String limit,
            @Parameter(description = "nextCursor of the previous page", schema = @Schema(type = "string"))
            @RequestParam(required = false) String cursor,
            @Parameter(description = "Only sagas of this type (definition name), e.g. order",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String type,
            @Parameter(description = "Only sagas stuck this way (NO_PROGRESS uses olderThan)",
                    schema = @Schema(implementation = StuckReason.Kind.class))
            @RequestParam(required = false) String stuckKind,
            @Parameter(description = "Only sagas standing at this step: its command or compensation in flight, or "
                    + "parked there", schema = @Schema(type = "string", example = "payment"))
            @RequestParam(required = false) String step,
            @Parameter(description = "A saga id, or a value of the saga's data such as an order id or a customer id",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String q,
            @Parameter(description = "Only sagas that last changed state before this instant",
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) String progressedBefore,
            @Parameter(description = "Only sagas that last changed state at or after this instant",
                    schema = @Schema(type = "string", format = "date-time"))
            @RequestParam(required = false) String progressedAfter,
            @Parameter(description = "true: only sagas of a type this instance's build defines; false: only sagas of "
                    + "other types (a newer or older build's, during a rolling upgrade), which this instance lists "
                    + "and shows but cannot act on", schema = @Schema(type = "boolean"))
            @RequestParam(required = false) String definedHere,
            @Parameter(description = "true: only paused sagas; false: only sagas not paused",
                    schema = @Schema(type = "boolean"))
            @RequestParam(required = false) String paused) {
        SagaFilter filter = FilterParameters.parse(new FilterParameters.Raw(status, type, stuck, stuckKind, olderThan,
                step, q, progressedBefore, progressedAfter, definedHere, paused), limit, cursor);
        Instant now = clock.instant();
        SagaPage page;
        try {
            page = filter.basic() ? reads.read(() -> queries.list(filter.engineSearch())) : finder.page(filter, now);
        } catch (IllegalArgumentException e) {
            // both listings refuse only cursors they did not hand out; the rest was checked above
            throw AdminProblems.invalid(List.of(ListParameters.invalidCursor()));
        }
        return SagaList.of(page, now, filter.olderThan(), s -> s.definedHere() && typesHere.defines(s.type()));
    }

    @GetMapping("/{sagaId}")
    @Operation(operationId = "getSaga", summary = "Read a saga with its whole timeline (SUPPORT or OPERATOR)",
            description = "The saga, its data and version (also the ETag), its current deadline, its steps and its "
                    + "timeline: transitions, commands sent and replies received with their payloads, deadlines, "
                    + "and operator actions with who and why. A saga of a type this instance's build does not define "
                    + "is shown too (definedHere false), with the replies held for it (REPLY_HELD).")
    @ApiResponse(responseCode = "200", description = "The saga",
            headers = @Header(name = HttpHeaders.ETAG, description = "The saga's version, quoted",
                    schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "The saga id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No saga has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    ResponseEntity<SagaDetail> get(@SagaIdParameter @PathVariable UUID sagaId) {
        SagaDetail saga = reads.read(() -> queries.find(sagaId))
                .map(s -> SagaDetail.of(s, s.definedHere() && typesHere.defines(s.type())))
                .orElseThrow(() -> AdminProblems.notFound(sagaId));
        return ResponseEntity.ok().eTag(IfMatch.etag(saga.version())).body(saga);
    }

    @PostMapping(path = "/{sagaId}/retry", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "retrySaga", summary = "Send the command in flight again (OPERATOR)",
            description = "The forward command or compensation in flight is sent again now, with the same requestId "
                    + "and a fresh retry budget. Allowed while running, compensating or needing attention.")
    @ActionResponses
    ResponseEntity<ActionResult> retry(@SagaIdParameter @PathVariable UUID sagaId,
                                       @IfMatchParameter @RequestHeader(value = IfMatch.HEADER, required = false)
                                       String ifMatch,
                                       @Valid @RequestBody ActionRequest request,
                                       @Parameter(hidden = true) Authentication user) {
        return act(OperatorAction.RETRY, sagaId, ifMatch, request, user);
    }

    @PostMapping(path = "/{sagaId}/compensate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "compensateSaga", summary = "Give up and compensate (OPERATOR)",
            description = "Stops going forward: the step in flight (its command may have run) and every step done "
                    + "are compensated, newest first; the saga ends CANCELLED_BY_OPERATOR. Allowed while running "
                    + "forward, or needing attention in a forward step.")
    @ActionResponses
    ResponseEntity<ActionResult> compensate(@SagaIdParameter @PathVariable UUID sagaId,
                                            @IfMatchParameter @RequestHeader(value = IfMatch.HEADER, required = false)
                                            String ifMatch,
                                            @Valid @RequestBody ActionRequest request,
                                            @Parameter(hidden = true) Authentication user) {
        return act(OperatorAction.COMPENSATE, sagaId, ifMatch, request, user);
    }

    @PostMapping(path = "/{sagaId}/resume", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "resumeSaga", summary = "Leave NEEDS_ATTENTION and wait again (OPERATOR)",
            description = "The saga goes back to the state it was parked in and waits for the reply of the command "
                    + "in flight with a fresh retry budget; nothing is sent now (the deadline re-sends it). Allowed "
                    + "only while needing attention.")
    @ActionResponses
    ResponseEntity<ActionResult> resume(@SagaIdParameter @PathVariable UUID sagaId,
                                        @IfMatchParameter @RequestHeader(value = IfMatch.HEADER, required = false)
                                        String ifMatch,
                                        @Valid @RequestBody ActionRequest request,
                                        @Parameter(hidden = true) Authentication user) {
        return act(OperatorAction.RESUME, sagaId, ifMatch, request, user);
    }

    @PostMapping(path = "/{sagaId}/pause", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "pauseSaga", summary = "Hold the saga where it is (OPERATOR)",
            description = "Nothing is sent and no deadline fires until it is unpaused; replies that come are recorded "
                    + "as REPLY_HELD and applied on unpause. The status and state stay where they are; pausedAt says "
                    + "it is paused. Allowed while running, compensating or needing attention, and not paused.")
    @ActionResponses
    ResponseEntity<ActionResult> pause(@SagaIdParameter @PathVariable UUID sagaId,
                                       @IfMatchParameter @RequestHeader(value = IfMatch.HEADER, required = false)
                                       String ifMatch,
                                       @Valid @RequestBody ActionRequest request,
                                       @Parameter(hidden = true) Authentication user) {
        return act(OperatorAction.PAUSE, sagaId, ifMatch, request, user);
    }

    @PostMapping(path = "/{sagaId}/unpause", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "unpauseSaga", summary = "Lift a pause and go on (OPERATOR)",
            description = "The replies kept while paused are applied, oldest first, and the deadline gets the time "
                    + "that was left; a saga paused because its retries ran out sends its command again with a fresh "
                    + "budget. The answer's state and version are the saga's after the kept replies. Allowed only "
                    + "while paused.")
    @ActionResponses
    ResponseEntity<ActionResult> unpause(@SagaIdParameter @PathVariable UUID sagaId,
                                         @IfMatchParameter @RequestHeader(value = IfMatch.HEADER, required = false)
                                         String ifMatch,
                                         @Valid @RequestBody ActionRequest request,
                                         @Parameter(hidden = true) Authentication user) {
        return act(OperatorAction.UNPAUSE, sagaId, ifMatch, request, user);
    }

    private ResponseEntity<ActionResult> act(OperatorAction action, UUID sagaId, String ifMatch,
                                             ActionRequest request, Authentication user) {
        long version = IfMatch.version(ifMatch);
        String actor = user == null ? null : user.getName();
        if (actor == null || actor.isBlank()) {
            // the security rules let no anonymous request get here; refuse rather than record no one
            throw new IllegalStateException("an operator action without an authenticated user");
        }
        String reason = request.reason().strip();
        OperatorResult result = action.apply(operations, sagaId, version, actor, reason);
        return switch (result.kind()) {
            case APPLIED -> ResponseEntity.ok().eTag(IfMatch.etag(result.version()))
                    .body(ActionResult.of(sagaId, action, result));
            case NOT_FOUND -> throw AdminProblems.notFound(sagaId);
            case STALE_VERSION -> throw AdminProblems.stale(result.version());
            case NOT_ALLOWED -> throw AdminProblems.notAllowed(action, result.status().name(), result.state(),
                    result.version());
            case TYPE_NOT_DEFINED -> throw AdminProblems.typeNotDefined(action, finder.typeOf(sagaId).orElse(null),
                    result.version());
        };
    }

    /** The saga id path parameter, documented once. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(description = "The saga's id", schema = @Schema(type = "string", format = "uuid"))
    @interface SagaIdParameter {
    }

    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = IfMatch.HEADER, in = ParameterIn.HEADER, required = true,
            description = "The saga's version as read (its ETag, e.g. \"7\", or the plain number)",
            schema = @Schema(type = "string", example = "\"7\""))
    @interface IfMatchParameter {
    }

    /** The answers every action shares. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "200", description = "Done; the saga's new version is its ETag",
            headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "No reason, a blank or too long one, malformed JSON, a bad "
            + "If-Match or saga id", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No saga has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The action does not apply to the saga's state, or this "
            + "instance's build does not define the saga's type",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "412", description = "The saga changed since that version was read",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "428", description = "No If-Match",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @interface ActionResponses {
    }
}
