package io.sagaengine.operations.admin;

import io.sagaengine.engine.InvalidMigrationException;
import io.sagaengine.engine.MigrationResult;
import io.sagaengine.engine.MigrationTarget;
import io.sagaengine.engine.SagaCount;
import io.sagaengine.engine.SagaCriteria;
import io.sagaengine.engine.SagaFinder;
import io.sagaengine.engine.SagaMigration;
import io.sagaengine.engine.SagaMigrations;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.operations.admin.MigrationViews.MigrationRequest;
import io.sagaengine.operations.admin.MigrationViews.MigrationResponse;
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

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves chosen sagas to another version of their definition with an explicit mapping of states, through the
 * engine's {@link SagaMigrations}: the sagas named (each with the version read), or every saga of the type and
 * version a filter matches, resolved and capped as the bulk actions are. A dry run first says what would become of
 * each; an applied run migrates each saga in its own transaction and records it in the saga's timeline with who and
 * why.
 */
@RestController
@RequestMapping("/admin/sagas/migrations")
@Tag(name = "Admin", description = "Support staff: find stuck sagas, read their timeline, and act on them")
@SecurityRequirement(name = AdminAccess.SCHEME)
@SecurityRequirement(name = "bearerToken")
class AdminMigrationController {

    private static final Logger log = LoggerFactory.getLogger(AdminMigrationController.class);
    private static final String PROBLEM = AdminSagaController.PROBLEM;

    private final SagaMigrations migrations;
    private final SagaFinder finder;
    private final AdminReads reads;
    private final int countCap;
    private final Clock clock;

    AdminMigrationController(SagaMigrations migrations, SagaFinder finder, AdminReads reads,
                             AdminReads.Settings settings, ObjectProvider<Clock> clock) {
        this.migrations = migrations;
        this.finder = finder;
        this.reads = reads;
        this.countCap = settings.countCap();
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "migrateSagas", summary = "Move sagas to another version of their definition (OPERATOR)",
            description = "The mapping is checked on its own first (both versions defined by this build, every state "
                    + "named exists, forward to forward, compensating to the same step's compensating): when it is "
                    + "wrong, the answer is 400 with every problem and no saga is read. Then against each saga: its "
                    + "state must be mapped, and no step it has done may lose its compensation or run again. With "
                    + "dryRun each saga is only checked (WOULD_MIGRATE or why not). Otherwise each saga that fits is "
                    + "migrated in its own transaction, checked against the version it was read (or matched) at, and "
                    + "recorded in its timeline with your user name and the reason; the others are left as they are. "
                    + "With a filter, send expectedCount (the dry run's matched) so that nothing happens if the filter "
                    + "now matches another number. At most " + BulkViews.MAX_SAGAS + " sagas per request.")
    @ApiResponse(responseCode = "200", description = "What became of each saga, or would")
    @ApiResponse(responseCode = "400", description = "A wrong mapping (all its problems listed in problems), both or "
            + "neither of sagas and filter, no reason, or too many sagas matched",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "401", description = "No or wrong credentials",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "403", description = "Not an operator, or a browser request without the CSRF token",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "409", description = "The filter matches another number of sagas than expectedCount",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    MigrationResponse migrate(@Valid @RequestBody MigrationRequest request,
                              @Parameter(hidden = true) Authentication user) {
        if ((request.sagas() == null) == (request.filter() == null)) {
            throw AdminProblems.invalid("sagas", "give either sagas or a filter");
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (!request.dryRun() && reason.isEmpty()) {
            throw AdminProblems.invalid("reason", "must not be blank");
        }
        SagaMigration migration = new SagaMigration(request.type().strip(), request.from(), request.to(),
                request.states());
        Long matched = null;
        boolean matchedAtLeast = false;
        List<MigrationTarget> targets;
        if (request.sagas() != null) {
            targets = request.sagas().stream()
                    .map(s -> new MigrationTarget(s.sagaId(), s.expectedVersion())).toList();
        } else {
            SagaCriteria criteria = criteria(request, migration);
            try {
                // the mapping on its own, before any saga is counted or read
                migrations.dryRun(migration, List.of());
            } catch (InvalidMigrationException e) {
                throw invalid(e);
            }
            SagaCount count = reads.read(() -> finder.count(criteria, countCap));
            matched = count.counted();
            matchedAtLeast = count.atLeast();
            if (!request.dryRun()) {
                confirm(request.expectedCount(), count);
            }
            targets = matching(criteria);
        }
        List<MigrationResult> results;
        try {
            results = request.dryRun() ? migrations.dryRun(migration, targets)
                    : migrations.migrate(migration, targets, actor(user), reason);
        } catch (InvalidMigrationException e) {
            throw invalid(e);
        }
        MigrationResponse response = MigrationResponse.of(request.dryRun(), matched, matchedAtLeast, results);
        if (!request.dryRun()) {
            log.info("Migration of {} v{} to v{} by {}: {} sagas, {} migrated", migration.type(), migration.from(),
                    migration.to(), actor(user), targets.size(), response.migrated());
        }
        return response;
    }

    /** The filter's criteria, narrowed to the migration's type and from version. */
    private SagaCriteria criteria(MigrationRequest request, SagaMigration migration) {
        SagaFilter filter = FilterParameters.parse(request.filter().raw(), "" + SagaSearch.MAX_LIMIT, null);
        if (filter.type() != null && !filter.type().equals(migration.type())) {
            throw AdminProblems.invalid("filter.type", "must be the migration's type " + migration.type()
                    + ", or left out");
        }
        return AdminSagaFinder.criteria(filter, clock.instant()).onVersion(migration.type(), migration.from());
    }

    private static void confirm(Long expectedCount, SagaCount count) {
        if (expectedCount != null && expectedCount != count.counted()) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The filter now matches "
                    + (count.atLeast() ? "at least " : "") + count.counted() + " sagas, not the " + expectedCount
                    + " you confirmed. Run the dry run again.");
            body.setProperty("matched", count.counted());
            body.setProperty("matchedAtLeast", count.atLeast());
            throw new ErrorResponseException(HttpStatus.CONFLICT, body, null);
        }
        if (count.counted() > BulkViews.MAX_SAGAS) {
            throw AdminProblems.invalid("filter", "matches " + (count.atLeast() ? "at least " : "") + count.counted()
                    + " sagas; at most " + BulkViews.MAX_SAGAS + " per migration, narrow the filter");
        }
    }

    /** Every matching saga with the version it was read at, at most the bulk limit, in start order. */
    private List<MigrationTarget> matching(SagaCriteria criteria) {
        List<MigrationTarget> targets = new ArrayList<>();
        String cursor = null;
        do {
            String after = cursor;
            SagaPage page = reads.read(() -> finder.find(criteria, SagaSearch.MAX_LIMIT, after));
            for (SagaPage.Summary saga : page.items()) {
                if (targets.size() < BulkViews.MAX_SAGAS) {
                    targets.add(new MigrationTarget(saga.sagaId(), saga.version()));
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null && targets.size() < BulkViews.MAX_SAGAS);
        return targets;
    }

    private static String actor(Authentication user) {
        String actor = user == null ? null : user.getName();
        if (actor == null || actor.isBlank()) {
            // the security rules let no anonymous request get here; refuse rather than record no one
            throw new IllegalStateException("a migration without an authenticated user");
        }
        return actor;
    }

    private static ErrorResponseException invalid(InvalidMigrationException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.problems().size() == 1
                ? "The mapping has 1 problem; no saga was read." : "The mapping has " + e.problems().size()
                + " problems; no saga was read.");
        body.setTitle("Invalid migration");
        body.setProperty("problems", e.problems());
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, body, null);
    }
}
