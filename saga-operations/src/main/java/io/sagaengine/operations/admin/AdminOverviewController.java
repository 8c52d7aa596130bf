package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaCensus;
import io.sagaengine.engine.SagaOverview;
import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.service.problem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things stand, for the console's overview: sagas per type and status, the stuck ones and why, the oldest,
 * and the saga types the answering instance's build does not define.
 */
@RestController
@Tag(name = "Admin", description = "Support staff: find stuck sagas, read their timeline, and act on them")
@SecurityRequirement(name = AdminAccess.SCHEME)
@SecurityRequirement(name = "bearerToken")
class AdminOverviewController {

    private final AdminSagaFinder finder;
    private final SagaCensus census;
    private final AdminReads reads;
    private final OverviewCache<Overview> cache;
    private final Clock clock;

    AdminOverviewController(AdminSagaFinder finder, SagaCensus census, AdminReads reads,
                            AdminReads.Settings settings, ObjectProvider<Clock> clock) {
        this.finder = finder;
        this.census = census;
        this.reads = reads;
        this.cache = new OverviewCache<>(settings.overviewCacheTtl(), System::nanoTime);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @Schema(name = "AdminUndefinedSagaType", description = "A saga type the answering instance's build does not "
            + "define (a newer or older build's, during a rolling upgrade): its sagas move only where an instance "
            + "whose build defines it runs")
    record UndefinedType(String type,
                         @Schema(description = "Its sagas running, compensating or needing attention") long inFlight,
                         @Schema(description = "Replies read for its sagas, held until an instance whose build "
                                 + "defines the type applies them") long heldReplies) {

        static UndefinedType of(SagaCensus.UndefinedType type) {
            return new UndefinedType(type.type(), type.inFlight(), type.heldReplies());
        }
    }

    @Schema(name = "AdminOverview")
    record Overview(@Schema(description = "When these numbers were read: one reading is answered to every caller for "
                            + "up to saga.admin.overview-cache-ttl") Instant at,
                    Duration olderThan, List<SagaOverview.Count> sagas, long stuckTotal,
                    @Schema(description = "Stuck sagas by kind, type and the state they stand (or were parked) in; "
                            + "since is the oldest one's last progress") List<SagaOverview.StuckGroup> stuck,
                    @Schema(nullable = true, description = "The unfinished saga that started first")
                    SagaOverview.Oldest oldestInFlight,
                    @Schema(nullable = true) Long oldestInFlightAgeSeconds,
                    @Schema(description = "Saga types with sagas in flight or held replies that the answering "
                            + "instance's build does not define; list their sagas with GET /admin/sagas?definedHere="
                            + "false") List<UndefinedType> undefinedTypes) {
    }

    @GetMapping("/admin/overview")
    @Operation(operationId = "overview", summary = "Sagas per type and status, the stuck ones and why, the oldest in "
            + "flight, the saga types not defined here (SUPPORT or OPERATOR)",
            description = "Dead-letter depths are at GET /admin/dead-letters. Read at most once per "
                    + "saga.admin.overview-cache-ttl (5 s) on each instance and answered to every caller meanwhile: "
                    + "at says when it was read.")
    @ApiResponse(responseCode = "200", description = "The overview")
    @ApiResponse(responseCode = "400", description = "A bad olderThan",
            content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
    Overview overview(@Parameter(description = "How long without progress makes a saga stuck (ISO-8601)",
            schema = @Schema(type = "string", format = "duration", defaultValue = "PT5M"))
                      @RequestParam(required = false) String olderThan) {
        List<FieldError> errors = new ArrayList<>();
        Duration threshold = ListParameters.olderThan(olderThan, errors);
        if (!errors.isEmpty()) {
            throw AdminProblems.invalid(errors);
        }
        return cache.get(threshold, () -> reads.read(() -> read(threshold)));
    }

    private Overview read(Duration threshold) {
        Instant now = clock.instant();
        SagaOverview overview = finder.overview(now, threshold);
        List<SagaOverview.StuckGroup> stuck = overview.stuck();
        SagaOverview.Oldest oldest = overview.oldestInFlight();
        return new Overview(now, threshold, overview.byTypeAndStatus(),
                stuck.stream().mapToLong(SagaOverview.StuckGroup::count).sum(), stuck, oldest,
                oldest == null ? null : Duration.between(oldest.startedAt(), now).toSeconds(),
                census.undefinedTypes().stream().map(UndefinedType::of).toList());
    }
}
