package io.sagaengine.operations.admin;

import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** What the bulk actions read and answer. */
final class BulkViews {

    static final int MAX_SAGAS = 1000;
    static final int DRY_RUN_SAMPLE = 50;

    private BulkViews() {
    }

    @Schema(name = "AdminSagaFilter", description = "The filters of GET /admin/sagas, with the same names and "
            + "formats; every criterion given must hold, at least one is needed")
    record Filter(@Schema(implementation = SagaStatus.class) String status,
                  @Schema(example = "order") String type,
                  @Schema(type = "boolean") String stuck,
                  @Schema(implementation = StuckReason.Kind.class) String stuckKind,
                  @Schema(format = "duration", example = "PT5M") String olderThan,
                  @Schema(example = "payment") String step,
                  @Schema(description = "A saga id, or a value of the saga's data") String q,
                  @Schema(format = "date-time") String progressedBefore,
                  @Schema(format = "date-time", example = "2030-01-01T10:00:00Z") String progressedAfter,
                  @Schema(type = "boolean", description = "true: only sagas of a type this instance's build "
                          + "defines; false: only sagas of other types (acting on them answers TYPE_NOT_DEFINED)")
                  String definedHere,
                  @Schema(type = "boolean", description = "true: only paused sagas; false: only sagas not paused")
                  String paused) {

        FilterParameters.Raw raw() {
            return new FilterParameters.Raw(status, type, stuck, stuckKind, olderThan, step, q, progressedBefore,
                    progressedAfter, definedHere, paused);
        }
    }

    @Schema(name = "AdminBulkRequest")
    record BulkRequest(
            @NotNull @Valid Filter filter,
            @Schema(description = "Why; kept in each saga's timeline with your user name. Required unless dryRun",
                    maxLength = AdminSagaViews.MAX_REASON_LENGTH, example = "payment provider back, OPS-42")
            @Size(max = AdminSagaViews.MAX_REASON_LENGTH) String reason,
            @Schema(description = "Only count and list what the filter matches now; nothing is changed",
                    defaultValue = "false") boolean dryRun,
            @Schema(description = "The count you confirmed (from a dry run): when the filter now matches another "
                    + "number of sagas, nothing is done and the answer is 409", nullable = true) Long expectedCount) {
    }

    @Schema(name = "AdminBulkSaga")
    record SagaOutcome(UUID sagaId,
                       @Schema(description = "MATCHED on a dry run; else APPLIED, STALE_VERSION (it changed since it "
                               + "was matched: left alone), NOT_ALLOWED, NOT_FOUND or TYPE_NOT_DEFINED (this "
                               + "instance's build does not define the saga's type)") BulkOutcome outcome,
                       @Schema(nullable = true) SagaStatus status, @Schema(nullable = true) String state,
                       long version) {

        static SagaOutcome of(UUID sagaId, OperatorResult result) {
            return new SagaOutcome(sagaId, BulkOutcome.of(result.kind()), result.status(), result.state(), result.version());
        }
    }

    @Schema(name = "AdminBulkResult")
    record BulkResult(@Schema(type = "string", allowableValues = {"retry", "compensate", "resume", "pause",
                              "unpause"}) OperatorAction action, boolean dryRun,
                      @Schema(description = "Sagas the filter matched; when matchedAtLeast, the count stopped there "
                              + "(saga.admin.count-cap) and more match") long matched,
                      @Schema(description = "true: at least matched sagas match, maybe many more (counting stops at "
                              + "saga.admin.count-cap, beyond what one bulk action may act on)") boolean matchedAtLeast,
                      @Schema(description = "Sagas acted on (0 on a dry run)") int applied,
                      @Schema(description = "Matched sagas left alone: changed meanwhile, or the action did not apply")
                      int skipped,
                      @Schema(description = "Each saga acted on; on a dry run the first " + DRY_RUN_SAMPLE + " matched")
                      List<SagaOutcome> sagas) {
    }
}
