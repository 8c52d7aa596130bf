package io.sagaengine.operations.admin;

import io.sagaengine.engine.MigrationResult;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the migration endpoint reads and answers. */
final class MigrationViews {

    private MigrationViews() {
    }

    @Schema(name = "AdminMigrationRequest", description = "Move sagas of one type from one version of its definition "
            + "to another: give the sagas (each with the version you read it at) or a filter, not both")
    record MigrationRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "order")
            @NotBlank @Size(max = ListParameters.MAX_TYPE_LENGTH) String type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The version the sagas run on",
                    example = "1") @NotNull @Min(1) Integer from,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The version they continue on",
                    example = "2") @NotNull @Min(1) Integer to,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Each state of version from a saga "
                    + "may be in (a step name, or <step>.compensating) to the state of version to it continues in",
                    example = "{\"payment\": \"payment\", \"inventory\": \"inventory\"}")
            @NotEmpty Map<@NotBlank String, @NotBlank String> states,
            @Schema(description = "The sagas to migrate, each with the version it was read at (a saga changed since "
                    + "is left alone as STALE_VERSION)", nullable = true)
            @Size(min = 1, max = BulkViews.MAX_SAGAS) List<@Valid @NotNull Target> sagas,
            @Schema(description = "Instead of sagas: every saga of type on version from that this filter matches, "
                    + "at most " + BulkViews.MAX_SAGAS + " (a filter without status takes finished sagas too, "
                    + "answered FINISHED)", nullable = true)
            @Valid BulkViews.Filter filter,
            @Schema(description = "Only say what would become of each saga; nothing is changed",
                    defaultValue = "false", nullable = true) Boolean dryRun,
            @Schema(description = "Why; kept in each migrated saga's timeline with your user name. Required unless "
                    + "dryRun", maxLength = AdminSagaViews.MAX_REASON_LENGTH, example = "v2 adds fraud check, OPS-77")
            @Size(max = AdminSagaViews.MAX_REASON_LENGTH) String reason,
            @Schema(description = "With a filter: the count you confirmed (from a dry run); when the filter now "
                    + "matches another number of sagas, nothing is done and the answer is 409", nullable = true)
            Long expectedCount) {

        MigrationRequest {
            dryRun = dryRun != null && dryRun;
        }
    }

    @Schema(name = "AdminMigrationTarget")
    record Target(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNull UUID sagaId,
                  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The saga's version as read "
                          + "(its ETag)") @NotNull @Min(0) Long expectedVersion) {
    }

    @Schema(name = "AdminMigrationSaga", description = "What became of one saga, or would on a dry run")
    record SagaMigrated(UUID sagaId,
                        @Schema(description = "WOULD_MIGRATE on a dry run, MIGRATED when applied; else REJECTED (the "
                                + "mapping does not fit this saga, see detail), STALE_VERSION, OTHER_VERSION (another "
                                + "type or definition version), FINISHED or NOT_FOUND")
                        MigrationResult.Outcome outcome,
                        @Schema(description = "The saga's version after the migration, or as it is; -1 when not found")
                        long version,
                        @Schema(nullable = true) String fromState,
                        @Schema(nullable = true, description = "The state it continues (or would continue) in")
                        String toState,
                        @Schema(description = "The message types it sends (or would send) as it enters toState")
                        List<String> commands,
                        @Schema(nullable = true, description = "Why it is not (or would not be) migrated")
                        String detail) {

        static SagaMigrated of(MigrationResult result) {
            return new SagaMigrated(result.sagaId(), result.outcome(), result.version(), result.fromState(),
                    result.toState(), result.commands(), result.detail());
        }
    }

    @Schema(name = "AdminMigrationResult")
    record MigrationResponse(boolean dryRun,
                             @Schema(nullable = true, description = "With a filter: the sagas it matched; when "
                                     + "matchedAtLeast, the count stopped there and more match") Long matched,
                             @Schema(description = "With a filter: true when at least matched sagas match, maybe "
                                     + "many more") boolean matchedAtLeast,
                             @Schema(description = "Sagas migrated (0 on a dry run)") int migrated,
                             @Schema(description = "Each saga, in the order given or matched") List<SagaMigrated> results) {

        static MigrationResponse of(boolean dryRun, Long matched, boolean matchedAtLeast, List<MigrationResult> results) {
            int migrated = (int) results.stream().filter(r -> r.outcome() == MigrationResult.Outcome.MIGRATED).count();
            return new MigrationResponse(dryRun, matched, matchedAtLeast, migrated,
                    results.stream().map(SagaMigrated::of).toList());
        }
    }
}
