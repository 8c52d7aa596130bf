package io.sagaengine.operations.admin;

import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.operations.admin.BulkViews.BulkRequest;
import io.sagaengine.operations.admin.BulkViews.BulkResult;
import io.sagaengine.operations.admin.BulkViews.SagaOutcome;
import io.sagaengine.engine.SagaCount;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaSearch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One action over every saga a filter matches: count first (dry run), then act on each with the version it was
 * matched at, so a saga that changed meanwhile is left alone. Each saga's action is its own transaction and lands in
 * its own timeline with who and why, exactly as a single action does.
 */
@RestController
@RequestMapping("/admin/sagas/bulk")
@Tag(name = "Admin", description = "Support staff: find stuck sagas, read their timeline, and act on them")
@SecurityRequirement(name = AdminAccess.SCHEME)
@SecurityRequirement(name = "bearerToken")
class AdminBulkController {

    static final String DESCRIPTION = "With dryRun the answer counts the sagas the filter matches now and lists "
            + "the first " + BulkViews.DRY_RUN_SAMPLE + "; nothing changes. Without it, each matched saga gets the "
            + "action with the version it was matched at (a saga that changed meanwhile is skipped as STALE_VERSION), "
            + "each in its own transaction, recorded in its timeline with your user name and the reason. Send "
            + "expectedCount (the dry run's count) so that nothing happens if the filter now matches another number. "
            + "At most " + BulkViews.MAX_SAGAS + " sagas per request.";

    private static final Logger log = LoggerFactory.getLogger(AdminBulkController.class);
    private static final String PROBLEM = AdminSagaController.PROBLEM;

    private final AdminSagaFinder finder;
    private final SagaOperations operations;
    private final Clock clock;

    AdminBulkController(AdminSagaFinder finder, SagaOperations operations, ObjectProvider<Clock> clock) {
        this.finder = finder;
        this.operations = operations;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @PostMapping(path = "/retry", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "bulkRetry", summary = "Retry every saga a filter matches (OPERATOR)", description = DESCRIPTION)
    @BulkDocs
    BulkResult retry(@Valid @RequestBody BulkRequest request, @Parameter(hidden = true) Authentication user) {
        return bulk(OperatorAction.RETRY, request, user);
    }

    @PostMapping(path = "/compensate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "bulkCompensate", summary = "Compensate every saga a filter matches (OPERATOR)", description = DESCRIPTION)
    @BulkDocs
    BulkResult compensate(@Valid @RequestBody BulkRequest request, @Parameter(hidden = true) Authentication user) {
        return bulk(OperatorAction.COMPENSATE, request, user);
    }

    @PostMapping(path = "/resume", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "bulkResume", summary = "Resume every saga a filter matches (OPERATOR)", description = DESCRIPTION)
    @BulkDocs
    BulkResult resume(@Valid @RequestBody BulkRequest request, @Parameter(hidden = true) Authentication user) {
        return bulk(OperatorAction.RESUME, request, user);
    }

    @PostMapping(path = "/pause", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "bulkPause", summary = "Pause every saga a filter matches (OPERATOR)", description = DESCRIPTION)
    @BulkDocs
    BulkResult pause(@Valid @RequestBody BulkRequest request, @Parameter(hidden = true) Authentication user) {
        return bulk(OperatorAction.PAUSE, request, user);
    }

    @PostMapping(path = "/unpause", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "bulkUnpause", summary = "Unpause every saga a filter matches (OPERATOR)", description = DESCRIPTION)
    @BulkDocs
    BulkResult unpause(@Valid @RequestBody BulkRequest request, @Parameter(hidden = true) Authentication user) {
        return bulk(OperatorAction.UNPAUSE, request, user);
    }

    /** What each bulk action documents (literal paths: a path variable here would compete with /{sagaId}/...). */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "200", description = "What was matched, and what became of each saga")
    @ApiResponse(responseCode = "400", description = "A bad filter, no filter, no reason, or too many sagas matched",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "No or wrong credentials",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "Not an operator, or a browser request without the CSRF token",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The filter matches another number of sagas than expectedCount",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @interface BulkDocs {
    }

    private BulkResult bulk(OperatorAction action, BulkRequest request, Authentication user) {
        SagaFilter filter = FilterParameters.parse(request.filter().raw(), "" + SagaSearch.MAX_LIMIT, null);
        if (filter.basic() && filter.status() == null && !filter.stuck() && !Boolean.TRUE.equals(filter.paused())) {
            throw AdminProblems.invalid("filter", "give at least one criterion; a bulk action over every saga is "
                    + "not offered");
        }
        Instant now = clock.instant();
        SagaCount count = finder.count(filter, now);
        long matched = count.counted();
        if (request.dryRun()) {
            List<SagaOutcome> sample = finder.page(filter.after(null, BulkViews.DRY_RUN_SAMPLE), now).items().stream()
                    .map(s -> new SagaOutcome(s.sagaId(), BulkOutcome.MATCHED, s.status(), s.state(), s.version())).toList();
            return new BulkResult(action, true, matched, count.atLeast(), 0, 0, sample);
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            throw AdminProblems.invalid("reason", "must not be blank");
        }
        if (request.expectedCount() != null && request.expectedCount() != matched) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The filter now matches "
                    + (count.atLeast() ? "at least " : "") + matched + " sagas, not the " + request.expectedCount()
                    + " you confirmed. Count again.");
            body.setProperty("matched", matched);
            body.setProperty("matchedAtLeast", count.atLeast());
            throw new ErrorResponseException(HttpStatus.CONFLICT, body, null);
        }
        if (matched > BulkViews.MAX_SAGAS) {
            throw AdminProblems.invalid("filter", "matches " + (count.atLeast() ? "at least " : "") + matched
                    + " sagas; at most " + BulkViews.MAX_SAGAS + " per bulk action, narrow the filter");
        }
        String actor = user.getName();
        List<SagaOutcome> outcomes = new ArrayList<>();
        for (SagaPage.Summary saga : matching(filter, now)) {
            outcomes.add(SagaOutcome.of(saga.sagaId(),
                    action.apply(operations, saga.sagaId(), saga.version(), actor, reason)));
        }
        int applied = (int) outcomes.stream().filter(o -> o.outcome() == BulkOutcome.APPLIED).count();
        log.info("Bulk {} by {}: {} matched, {} applied", action, actor, matched, applied);
        return new BulkResult(action, false, matched, false, applied, outcomes.size() - applied, outcomes);
    }

    /** Every matching saga as it was read, at most the bulk limit. */
    private List<SagaPage.Summary> matching(SagaFilter filter, Instant now) {
        List<SagaPage.Summary> sagas = new ArrayList<>();
        String cursor = null;
        do {
            SagaPage page = finder.page(filter.after(cursor, SagaSearch.MAX_LIMIT), now);
            sagas.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null && sagas.size() < BulkViews.MAX_SAGAS);
        return sagas.size() > BulkViews.MAX_SAGAS ? sagas.subList(0, BulkViews.MAX_SAGAS) : sagas;
    }
}
