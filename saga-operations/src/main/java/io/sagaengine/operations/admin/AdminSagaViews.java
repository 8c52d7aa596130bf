package io.sagaengine.operations.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.engine.TimelineEntry;
import io.sagaengine.service.problem.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** What the admin API reads and answers. */
final class AdminSagaViews {

    static final int MAX_REASON_LENGTH = 500;
    static final String DEFINED_HERE = "Whether this instance's build defines the saga's type in the saga's "
            + "definition version. A saga of another type or version (a newer or older build's, during a rolling "
            + "upgrade) is shown, but only an instance whose build defines both moves it or acts on it";
    static final String DEFINITION_VERSION = "The version of its definition the saga runs on: the one it started on, "
            + "or the one an operator migrated it to";
    static final String PAUSED_AT = "When an operator (or a step whose retries ran out) paused it; null unless "
            + "paused. A paused saga keeps its status and state, sends nothing and fires no deadline; its replies "
            + "are kept until it is unpaused";

    private AdminSagaViews() {
    }

    @Schema(name = "AdminSagaPage", description = "A page of sagas in start order")
    record SagaList(List<SagaListItem> items,
                    @Schema(description = "Pass as cursor for the next page; null on the last page", nullable = true)
                    String nextCursor) {

        static SagaList of(SagaPage page, Instant now, Duration olderThan, Predicate<SagaPage.Summary> definedHere) {
            return new SagaList(page.items().stream()
                    .map(s -> SagaListItem.of(s, now, olderThan, definedHere.test(s))).toList(),
                    page.nextCursor());
        }
    }

    @Schema(name = "AdminSagaSummary")
    record SagaListItem(
            UUID sagaId, String type, SagaStatus status, String state,
            @Schema(description = "While NEEDS_ATTENTION: the state it was parked in", nullable = true)
            String parkedState,
            @Schema(description = "While NEEDS_ATTENTION: COMPENSATION_FAILED or PARK", nullable = true)
            SagaEvent parkedBy,
            @Schema(description = "Why it did not complete", nullable = true) String outcome,
            long version, Instant startedAt, Instant updatedAt,
            @Schema(description = "When it last changed state") Instant progressedAt,
            @Schema(description = "When the command in flight is re-sent or given up", nullable = true)
            Instant deadlineAt,
            @Schema(nullable = true) String lastError,
            @Schema(description = "NEEDS_ATTENTION, PARKED or NO_PROGRESS; null when not stuck", nullable = true)
            StuckReason.Kind stuckKind,
            @Schema(description = "Why it is stuck, e.g. \"PARKED: handling reply ... failed\" or "
                    + "\"NO_PROGRESS_SINCE 2030-01-01T10:00:00Z\"; null when not stuck", nullable = true)
            String stuckReason,
            @Schema(description = DEFINED_HERE) boolean definedHere,
            @Schema(description = DEFINITION_VERSION) int definitionVersion,
            @Schema(description = PAUSED_AT, nullable = true) Instant pausedAt) {

        static SagaListItem of(SagaPage.Summary s, Instant now, Duration olderThan, boolean definedHere) {
            StuckReason stuck = s.paused() && s.status() != SagaStatus.NEEDS_ATTENTION ? null
                    : StuckReason.of(s.status(), s.parkedBy(), s.lastError(), s.progressedAt(), now, olderThan);
            return new SagaListItem(s.sagaId(), s.type(), s.status(), s.state(), s.parkedState(), s.parkedBy(),
                    s.outcome(), s.version(), s.startedAt(), s.updatedAt(), s.progressedAt(), s.deadlineAt(),
                    s.lastError(), stuck == null ? null : stuck.kind(), stuck == null ? null : stuck.text(),
                    definedHere, s.definitionVersion(), s.pausedAt());
        }
    }

    @Schema(name = "AdminSaga", description = "A saga with its data, version, deadline, steps and whole timeline")
    record SagaDetail(
            UUID sagaId, String type, SagaStatus status, String state,
            @Schema(nullable = true) String parkedState,
            @Schema(description = "While NEEDS_ATTENTION: COMPENSATION_FAILED or PARK", nullable = true)
            SagaEvent parkedBy,
            @Schema(nullable = true) String outcome,
            @Schema(description = "Send it back as If-Match to act on the saga") long version,
            @Schema(description = "The saga's data, as its definition keeps it") JsonNode data,
            @Schema(description = "When the command in flight is re-sent or given up; null when nothing waits",
                    nullable = true) Instant deadlineAt,
            Instant startedAt, Instant updatedAt, Instant progressedAt,
            @Schema(nullable = true) String lastError,
            List<Step> steps,
            @Schema(description = "Oldest first") List<TimelineItem> timeline,
            @Schema(description = DEFINED_HERE) boolean definedHere,
            @Schema(description = DEFINITION_VERSION) int definitionVersion,
            @Schema(description = PAUSED_AT, nullable = true) Instant pausedAt) {

        static SagaDetail of(SagaView s, boolean definedHere) {
            return new SagaDetail(s.sagaId(), s.type(), s.status(), s.state(), s.parkedState(), parkedBy(s),
                    s.outcome(), s.version(), s.data(), s.deadlineAt(), s.startedAt(), s.updatedAt(),
                    s.progressedAt(), s.lastError(), s.steps().stream().map(Step::of).toList(),
                    s.timeline().stream().map(TimelineItem::of).toList(), definedHere, s.definitionVersion(),
                    s.pausedAt());
        }

        private static SagaEvent parkedBy(SagaView s) {
            if (s.status() != SagaStatus.NEEDS_ATTENTION) {
                return null;
            }
            SagaEvent cause = null;
            for (TimelineEntry entry : s.timeline()) {
                if (entry.kind() == TimelineEntry.Kind.TRANSITION && "NEEDS_ATTENTION".equals(entry.toState())) {
                    cause = SagaEvent.valueOf(entry.event());
                }
            }
            return cause;
        }
    }

    @Schema(name = "AdminSagaStep")
    record Step(String name, StepStatus status,
                @Schema(description = "Sends in the step's current phase") int attempts,
                @Schema(description = "The step's idempotency key, shared by its command and compensation",
                        nullable = true) UUID requestId,
                int forwardAttempts, int compensationAttempts,
                @Schema(nullable = true) String detail) {

        static Step of(SagaView.StepView s) {
            return new Step(s.name(), s.status(), s.attempts(), s.requestId(), s.forwardAttempts(),
                    s.compensationAttempts(), s.detail());
        }
    }

    @Schema(name = "AdminTimelineEntry", description = "Transitions have from, to and event; commands and replies "
            + "messageId, messageType and payload; operator actions actor (who) and reason (why)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TimelineItem(long sequence, Instant at, TimelineEntry.Kind kind, String step,
                        String from, String to, String event,
                        UUID messageId, String messageType, UUID causationId, UUID requestId, JsonNode payload,
                        String actor, String reason) {

        static TimelineItem of(TimelineEntry e) {
            return new TimelineItem(e.sequence(), e.at(), e.kind(), e.step(), e.fromState(), e.toState(), e.event(),
                    e.messageId(), e.messageType(), e.causationId(), e.requestId(), e.payload(), e.actor(),
                    e.reason());
        }
    }

    @Schema(name = "AdminActionRequest")
    record ActionRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_REASON_LENGTH,
                    description = "Why; kept in the saga's timeline with your user name",
                    example = "payment provider fixed, ticket OPS-42")
            @NotBlank @Size(max = MAX_REASON_LENGTH) String reason) {
    }

    @Schema(name = "AdminActionResult", description = "The saga after the action")
    record ActionResult(UUID sagaId,
                        @Schema(type = "string", allowableValues = {"retry", "compensate", "resume", "pause",
                                "unpause"})
                        OperatorAction action, SagaStatus status, String state,
                        @Schema(description = "The saga's new version (also its ETag)") long version) {

        static ActionResult of(UUID sagaId, OperatorAction action, OperatorResult result) {
            return new ActionResult(sagaId, action, result.status(), result.state(), result.version());
        }
    }

    @Schema(name = "Problem", description = "RFC 9457 problem details")
    record Problem(
            @Schema(example = "about:blank") String type,
            @Schema(example = "Precondition Failed") String title,
            @Schema(example = "412") int status,
            @Schema(example = "The saga changed since you read it: it is at version 8.") String detail,
            @Schema(example = "/admin/sagas/6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e/retry") String instance,
            @Schema(description = "Every bad field, on 400 Validation failed", nullable = true) List<FieldError> errors) {
    }
}
