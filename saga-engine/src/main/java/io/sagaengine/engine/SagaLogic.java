package io.sagaengine.engine;

import io.sagaengine.engine.CompiledSaga.Position;
import io.sagaengine.engine.Decision.Verdict;
import io.sagaengine.engine.SagaMessaging.Decoded;
import io.sagaengine.engine.SagaMessaging.Envelope;
import io.sagaengine.engine.TimelineEntry.Kind;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * The engine's decisions, free of I/O: given a stored saga and one input (start, reply, deadline, operator
 * action, failure), what the saga becomes, what is recorded and what is sent. The state machine decides where
 * an event leads; this class correlates inputs with the step in flight and does what entering a state means.
 */
final class SagaLogic {

    private final SagaRegistry registry;
    private final SagaMessaging messaging;
    private final SagaJson json;
    private final Clock clock;
    private final DoubleSupplier random;

    SagaLogic(SagaRegistry registry, SagaMessaging messaging, SagaJson json, Clock clock, DoubleSupplier random) {
        this.registry = registry;
        this.messaging = messaging;
        this.json = json;
        this.clock = clock;
        this.random = random;
    }

    SagaRegistry registry() {
        return registry;
    }

    /** PostgreSQL keeps microseconds; so does the engine, so stored and computed times compare equal. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    <D> Decision start(SagaDefinition<D> definition, UUID sagaId, D data) {
        CompiledSaga<D> saga = registry.newest(definition);
        Instant now = now();
        List<StepRecord> steps = saga.steps().stream().map(s -> StepRecord.pending(s.name())).toList();
        SagaRecord blank = new SagaRecord(sagaId, definition.name(), saga.definition().version(), SagaStatus.RUNNING,
                TransitionTable.NEW, null, json.write(data), steps, null, 0, null, now, now, now, null, null, null, null);
        Draft<D> draft = new Draft<>(saga, blank, true, now);
        if (!fire(draft, SagaEvent.START, null)) {
            throw new IllegalStateException("saga " + definition.name() + " cannot start");
        }
        return draft.decide(Verdict.APPLIED);
    }

    Decision onReply(SagaRecord saga, ReplyEnvelope reply, Decoded decoded) {
        return onReply(registry.of(saga), saga, reply, decoded);
    }

    private <D> Decision onReply(CompiledSaga<D> saga, SagaRecord record, ReplyEnvelope reply, Decoded decoded) {
        Draft<D> draft = new Draft<>(saga, record, false, now());
        draft.causationId = reply.messageId();
        draft.traceparent = reply.traceparent();
        String payload = new String(reply.payload(), StandardCharsets.UTF_8);
        Position position = saga.position(record.effectiveState());
        if (position.kind() != CompiledSaga.Kind.FORWARD && position.kind() != CompiledSaga.Kind.COMPENSATING) {
            return ignored(saga, record, reply, decoded, payload, "the saga is already " + record.status());
        }
        StepDefinition<D> definition = saga.step(position.step());
        StepRecord step = draft.step(position.step());
        if (!decoded.requestId().equals(step.requestId())) {
            boolean ownedByAnotherStep = record.steps().stream().anyMatch(s -> decoded.requestId().equals(s.requestId()));
            if (!ownedByAnotherStep) {
                // not late, not a duplicate: a reply this saga never asked for cannot apply to it
                return park(saga, record, "a reply " + reply.type() + " whose requestId matches no step of this saga",
                        reply, decoded);
            }
            return ignored(saga, record, reply, decoded, payload, mismatch(record, decoded, step));
        }
        Object message = decoded.message();
        SagaEvent event;
        String reason = null;
        if (position.kind() == CompiledSaga.Kind.FORWARD) {
            if (definition.isSuccess(message)) {
                // as the data serializes before the handler runs: a handler may change it in place
                String unchanged = json.write(draft.data());
                draft.data(definition.successHandler().apply(draft.data(), message), unchanged);
                event = SagaEvent.STEP_SUCCEEDED;
            } else if ((reason = definition.failureOutcome(message)) != null) {
                event = SagaEvent.STEP_FAILED;
                draft.outcomeIfUnset(reason);
            } else {
                // the current request's id with a type the step cannot receive now: it makes no sense here
                return park(saga, record, "a reply " + reply.type() + " that step " + step.name()
                        + " cannot receive while its command is in flight", reply, decoded);
            }
        } else if (definition.isCompensationReply(message)) {
            event = SagaEvent.COMPENSATED;
        } else {
            return ignored(saga, record, reply, decoded, payload, "a late reply to step " + step.name()
                    + "'s command: the step is being compensated");
        }
        draft.history.add(HistoryEntry.message(record.id(), draft.now, Kind.REPLY_RECEIVED, step.name(),
                reply.messageId(), reply.type(), reply.causationId(), decoded.requestId(), payload, reason));
        if (!fire(draft, event, reason)) {
            return ignored(saga, record, reply, decoded, payload, event + " does not apply in state " + record.state());
        }
        return draft.decide(Verdict.APPLIED);
    }

    private <D> Decision ignored(CompiledSaga<D> saga, SagaRecord record, ReplyEnvelope reply, Decoded decoded,
                                 String payload, String why) {
        Draft<D> draft = new Draft<>(saga, record, false, now());
        String step = record.steps().stream().filter(s -> decoded.requestId().equals(s.requestId()))
                .map(StepRecord::name).findFirst().orElse(null);
        draft.history.add(HistoryEntry.message(record.id(), draft.now, Kind.REPLY_IGNORED, step, reply.messageId(),
                reply.type(), reply.causationId(), decoded.requestId(), payload, why));
        return draft.decide(Verdict.IGNORED);
    }

    private static String mismatch(SagaRecord record, Decoded decoded, StepRecord inFlight) {
        return record.steps().stream().filter(s -> decoded.requestId().equals(s.requestId())).findFirst()
                .map(s -> "a late or duplicate reply of step " + s.name() + " (" + s.status()
                        + ") while step " + inFlight.name() + " is in flight")
                .orElseThrow();
    }

    Decision onDeadline(SagaRecord saga) {
        return onDeadline(registry.of(saga), saga);
    }

    private <D> Decision onDeadline(CompiledSaga<D> saga, SagaRecord record) {
        Instant now = now();
        if (record.deadlineAt() == null || record.deadlineAt().isAfter(now) || record.paused()) {
            return Decision.none(Verdict.NOTHING, record);
        }
        Draft<D> draft = new Draft<>(saga, record, false, now);
        Position position = saga.position(record.state());
        if (position.kind() != CompiledSaga.Kind.FORWARD && position.kind() != CompiledSaga.Kind.COMPENSATING) {
            draft.deadlineAt = null; // nothing waits in this state
            return draft.decide(Verdict.APPLIED);
        }
        boolean compensation = position.kind() == CompiledSaga.Kind.COMPENSATING;
        StepDefinition<D> definition = saga.step(position.step());
        StepRecord step = draft.step(position.step());
        RetryPolicy policy = compensation ? definition.compensationRetry() : definition.retry();
        int sent = compensation ? step.compensationAttempts() : step.attempts();
        String what = compensation ? "compensation" : "command";
        if (sent < policy.maxAttempts()) {
            draft.history.add(HistoryEntry.note(record.id(), now, Kind.DEADLINE_PASSED, step.name(),
                    "no reply to " + what + " send " + sent + " of " + policy.maxAttempts() + "; sending it again"));
            send(draft, position.step(), compensation, sent + 1);
            return draft.decide(Verdict.APPLIED);
        }
        String reason = "no reply to its " + what + " after " + sent + " send" + (sent == 1 ? "" : "s");
        WhenRetriesRunOut whenOut = compensation ? definition.whenCompensationRetriesRunOut()
                : definition.whenRetriesRunOut();
        if (whenOut == WhenRetriesRunOut.PAUSE) {
            draft.history.add(HistoryEntry.note(record.id(), now, Kind.DEADLINE_PASSED, step.name(), reason
                    + "; the saga is paused until support staff unpause it, which sends the " + what + " again"));
            draft.lastError = "step " + step.name() + ": " + reason;
            draft.pause(null); // nothing left to wait for: unpausing sends again
            return draft.decide(Verdict.APPLIED);
        }
        draft.history.add(HistoryEntry.note(record.id(), now, Kind.DEADLINE_PASSED, step.name(), reason));
        if (compensation) {
            draft.lastError = "step " + step.name() + ": " + reason;
            fireOrFail(draft, SagaEvent.COMPENSATION_FAILED, reason);
        } else {
            draft.outcomeIfUnset(SagaOutcomes.TIMED_OUT);
            fireOrFail(draft, SagaEvent.STEP_TIMED_OUT, reason);
        }
        return draft.decide(Verdict.APPLIED);
    }

    Decision onOperator(SagaRecord saga, SagaEvent action, String actor, String reason) {
        return onOperator(registry.of(saga), saga, action, actor, reason);
    }

    private <D> Decision onOperator(CompiledSaga<D> saga, SagaRecord record, SagaEvent action, String actor,
                                    String reason) {
        if (action != SagaEvent.OPERATOR_RETRY && action != SagaEvent.OPERATOR_RESUME
                && action != SagaEvent.OPERATOR_COMPENSATE) {
            throw new IllegalArgumentException("not an operator action: " + action);
        }
        if (record.paused()) {
            return Decision.none(Verdict.REJECTED, record); // unpaused first, so nothing is sent while paused
        }
        Draft<D> draft = new Draft<>(saga, record, false, now());
        draft.history.add(HistoryEntry.operator(record.id(), draft.now, action, actor, reason));
        String outcomeBefore = draft.outcome;
        if (action == SagaEvent.OPERATOR_COMPENSATE) {
            draft.outcomeIfUnset(SagaOutcomes.CANCELLED_BY_OPERATOR);
        }
        if (!fire(draft, action, "by " + actor + ": " + reason)) {
            draft.outcome = outcomeBefore;
            return Decision.none(Verdict.REJECTED, record);
        }
        return draft.decide(Verdict.APPLIED);
    }

    /**
     * Moves a saga, reshaped onto another version of its definition, to that version, recorded as an operator's
     * action; enters the mapped step (sends its command) unless the saga keeps waiting for the same step's command.
     */
    Decision migrate(MigrationPlan.Reshaped reshaped, String actor, String reason) {
        SagaRecord saga = reshaped.saga();
        CompiledSaga<?> target = registry.find(new SagaVersion(saga.type(), reshaped.toVersion()))
                .orElseThrow(() -> new IllegalStateException("no saga definition named " + saga.type() + " version "
                        + reshaped.toVersion()));
        return migrate(target, reshaped, actor, reason);
    }

    private <D> Decision migrate(CompiledSaga<D> target, MigrationPlan.Reshaped reshaped, String actor,
                                 String reason) {
        SagaRecord record = reshaped.saga();
        Draft<D> draft = new Draft<>(target, record, false, now());
        draft.definitionVersion = reshaped.toVersion();
        draft.history.add(new HistoryEntry(record.id(), draft.now, Kind.OPERATOR_ACTION, null, reshaped.fromState(),
                reshaped.toState(), MigrationResult.EVENT, null, null, null, null, null, actor, "version "
                + record.definitionVersion() + " to " + reshaped.toVersion() + ": " + reason));
        if (reshaped.sendStep() >= 0) {
            send(draft, reshaped.sendStep(), false, 1);
        }
        draft.progressedAt = draft.now;
        return draft.decide(Verdict.APPLIED);
    }

    /**
     * Support staff pause the saga: it keeps its status and state, sends nothing, and its deadline is put aside (what
     * is left of it is given back on unpause). A finished or paused saga cannot be paused; one that needs attention
     * can (then the late replies it could still take are kept too).
     */
    Decision pause(SagaRecord saga, String actor, String reason) {
        return pause(registry.of(saga), saga, actor, reason);
    }

    private <D> Decision pause(CompiledSaga<D> saga, SagaRecord record, String actor, String reason) {
        if (record.status().isTerminal() || record.paused()) {
            return Decision.none(Verdict.REJECTED, record);
        }
        Draft<D> draft = new Draft<>(saga, record, false, now());
        draft.history.add(HistoryEntry.operator(record.id(), draft.now, SagaEvent.OPERATOR_PAUSE, actor, reason));
        draft.pause(record.deadlineAt());
        draft.progressedAt = draft.now;
        return draft.decide(Verdict.APPLIED);
    }

    /**
     * Support staff lift a pause. A saga waiting for a reply waits for what was left of its deadline when it was
     * paused (never less than nothing: a deadline that had passed already is due at once); one paused because its
     * retries ran out sends its command (or compensation) again, same requestId, with a fresh retry budget; one that
     * needs attention still does. The replies kept while it was paused are the engine's to apply, after this.
     */
    Decision unpause(SagaRecord saga, String actor, String reason) {
        return unpause(registry.of(saga), saga, actor, reason);
    }

    private <D> Decision unpause(CompiledSaga<D> saga, SagaRecord record, String actor, String reason) {
        if (!record.paused()) {
            return Decision.none(Verdict.REJECTED, record);
        }
        Draft<D> draft = new Draft<>(saga, record, false, now());
        draft.history.add(HistoryEntry.operator(record.id(), draft.now, SagaEvent.OPERATOR_UNPAUSE, actor, reason));
        draft.pausedAt = null;
        draft.pausedDeadlineAt = null;
        draft.progressedAt = draft.now;
        Position position = saga.position(record.state());
        boolean waiting = position.kind() == CompiledSaga.Kind.FORWARD
                || position.kind() == CompiledSaga.Kind.COMPENSATING;
        if (waiting && record.deadlineAt() == null) {
            // (a deadline set while paused was set by an older build that moved the saga on: it is kept)
            if (record.pausedDeadlineAt() != null) {
                Duration left = Duration.between(record.pausedAt(), record.pausedDeadlineAt());
                draft.deadlineAt = draft.now.plus(left.isNegative() ? Duration.ZERO : left);
            } else {
                send(draft, position.step(), position.kind() == CompiledSaga.Kind.COMPENSATING, 1);
            }
        }
        return draft.decide(Verdict.APPLIED);
    }

    /** Parks the saga after an input kept failing; the reply (if any) is kept in the timeline. */
    Decision park(SagaRecord saga, String reason, ReplyEnvelope reply, Decoded decoded) {
        return park(registry.of(saga), saga, reason, reply, decoded);
    }

    private <D> Decision park(CompiledSaga<D> saga, SagaRecord record, String reason, ReplyEnvelope reply,
                              Decoded decoded) {
        Draft<D> draft = new Draft<>(saga, record, false, now());
        draft.lastError = reason;
        if (reply != null) {
            draft.causationId = reply.messageId();
            draft.history.add(HistoryEntry.message(record.id(), draft.now, Kind.REPLY_FAILED, null, reply.messageId(),
                    reply.type(), reply.causationId(), decoded == null ? null : decoded.requestId(),
                    new String(reply.payload(), StandardCharsets.UTF_8), reason));
        }
        if (!fire(draft, SagaEvent.PARK, reason)) {
            return draft.decide(Verdict.IGNORED); // a finished saga: keep the record of what failed
        }
        return draft.decide(Verdict.PARKED);
    }

    /**
     * The timeline entry of a reply for a saga the engine does not know.
     *
     * @param decoded null when this build cannot read the reply (then its payload is not recorded)
     */
    HistoryEntry unmatched(ReplyEnvelope reply, Decoded decoded) {
        return HistoryEntry.message(reply.sagaId(), now(), Kind.REPLY_UNMATCHED, null, reply.messageId(), reply.type(),
                reply.causationId(), decoded == null ? null : decoded.requestId(),
                decoded == null ? null : new String(reply.payload(), StandardCharsets.UTF_8), "no saga with this id");
    }

    /** Whether this build defines the saga's type and the version of its definition it runs on. */
    boolean defines(SagaRecord saga) {
        return registry.defines(saga.definition());
    }

    /** The timeline entry of a reply kept because its saga is paused, applied when it is unpaused. */
    HistoryEntry heldWhilePaused(SagaRecord saga, ReplyEnvelope reply, Decoded decoded) {
        String step = saga.steps().stream().filter(s -> decoded.requestId().equals(s.requestId()))
                .map(StepRecord::name).findFirst().orElse(null);
        return HistoryEntry.message(saga.id(), now(), Kind.REPLY_HELD, step, reply.messageId(), reply.type(),
                reply.causationId(), decoded.requestId(), new String(reply.payload(), StandardCharsets.UTF_8),
                "the saga is paused: the reply is applied when it is unpaused");
    }

    /**
     * The timeline entry of a reply kept for an instance whose build defines its saga's type.
     *
     * @param decoded null when this build cannot read the reply either (then its payload is kept with the held
     *                reply only)
     */
    HistoryEntry held(SagaRecord saga, ReplyEnvelope reply, Decoded decoded) {
        return HistoryEntry.message(saga.id(), now(), Kind.REPLY_HELD, null, reply.messageId(), reply.type(),
                reply.causationId(), decoded == null ? null : decoded.requestId(),
                decoded == null ? null : new String(reply.payload(), StandardCharsets.UTF_8),
                notDefinedHere(saga) + ": the reply is held for an instance whose build defines it");
    }

    /** Why this build leaves a saga to another: its type, or the version of its definition, is not defined here. */
    String notDefinedHere(SagaRecord saga) {
        return registry.defines(saga.type())
                ? "version " + saga.definitionVersion() + " of saga type " + saga.type() + " is not defined by this build"
                : "saga type " + saga.type() + " is not defined by this build";
    }

    private <D> void fireOrFail(Draft<D> draft, SagaEvent event, String reason) {
        if (!fire(draft, event, reason)) {
            throw new IllegalStateException(event + " does not apply to saga " + draft.before.id() + " in state "
                    + draft.state);
        }
    }

    /** Sends {@code event} through the state machine; on a transition, records it and enters the new state. */
    private <D> boolean fire(Draft<D> draft, SagaEvent event, String reason) {
        String from = draft.state;
        boolean parked = TransitionTable.NEEDS_ATTENTION.equals(from);
        Optional<String> to = draft.saga.table().fire(from, event, parked ? draft.parkedState : null);
        if (to.isEmpty()) {
            return false;
        }
        Position source = draft.saga.position(parked ? draft.parkedState : from);
        markStep(draft, source, event, reason);
        draft.history.add(HistoryEntry.transition(draft.before.id(), draft.now, draft.fresh ? null : from, to.get(),
                event, reason));
        draft.state = to.get();
        if (!to.get().equals(from) || event.name().startsWith("OPERATOR_")) {
            draft.progressedAt = draft.now;
        }
        enter(draft, to.get(), event, from);
        return true;
    }

    private <D> void markStep(Draft<D> draft, Position source, SagaEvent event, String reason) {
        if (source.step() < 0) {
            return;
        }
        StepRecord step = draft.step(source.step());
        StepStatus status = switch (event) {
            case STEP_SUCCEEDED -> StepStatus.SUCCEEDED;
            case STEP_FAILED -> StepStatus.FAILED;
            case STEP_TIMED_OUT -> StepStatus.TIMED_OUT;
            case OPERATOR_COMPENSATE -> StepStatus.ABORTED;
            case COMPENSATED -> StepStatus.COMPENSATED;
            case COMPENSATION_FAILED -> StepStatus.COMPENSATION_FAILED;
            default -> null;
        };
        if (status != null) {
            String detail = status == StepStatus.SUCCEEDED || status == StepStatus.COMPENSATED ? step.detail() : reason;
            draft.step(source.step(), step.withStatus(status, detail));
        }
    }

    private <D> void enter(Draft<D> draft, String state, SagaEvent event, String from) {
        Position position = draft.saga.position(state);
        switch (position.kind()) {
            case FORWARD, COMPENSATING -> {
                boolean compensation = position.kind() == CompiledSaga.Kind.COMPENSATING;
                draft.status = compensation ? SagaStatus.COMPENSATING : SagaStatus.RUNNING;
                draft.parkedState = null;
                int index = position.step();
                if (event == SagaEvent.OPERATOR_RESUME) {
                    rearm(draft, index, compensation);
                } else if (event == SagaEvent.OPERATOR_RETRY) {
                    send(draft, index, compensation, 1);
                } else {
                    StepRecord step = draft.step(index);
                    if (step.requestId() == null) {
                        // stored with the saga before the command goes out: its compensation can always carry it
                        draft.step(index, step.withRequestId(RequestIds.of(draft.before.id(), step.name())));
                    }
                    send(draft, index, compensation, 1);
                }
            }
            case COMPLETED -> settle(draft, SagaStatus.COMPLETED);
            case COMPENSATED -> settle(draft, SagaStatus.COMPENSATED);
            case NEEDS_ATTENTION -> {
                if (!TransitionTable.NEEDS_ATTENTION.equals(from)) {
                    draft.parkedState = from;
                }
                draft.status = SagaStatus.NEEDS_ATTENTION;
                draft.deadlineAt = null;
            }
            case NEW -> throw new IllegalStateException("no transition leads back to " + state);
        }
    }

    private static <D> void settle(Draft<D> draft, SagaStatus status) {
        draft.status = status;
        draft.parkedState = null;
        draft.deadlineAt = null;
    }

    /** Sends the step's command (or compensation) as send number {@code attempt}, and sets its deadline. */
    private <D> void send(Draft<D> draft, int index, boolean compensation, int attempt) {
        StepDefinition<D> definition = draft.saga.step(index);
        StepRecord step = draft.step(index);
        Object command = (compensation ? definition.compensation() : definition.command())
                .create(draft.data(), step.requestId());
        Envelope envelope = messaging.describe(command);
        UUID messageId = UUID.randomUUID();
        draft.commands.add(new OutgoingCommand(messageId, draft.before.id(), envelope.topic(), envelope.type(),
                envelope.schemaVersion(), draft.causationId, draft.traceparent, envelope.json()));
        draft.history.add(HistoryEntry.message(draft.before.id(), draft.now, Kind.COMMAND_SENT, step.name(),
                messageId, envelope.type(), draft.causationId, step.requestId(), envelope.json(),
                (compensation ? "compensation" : "command") + ", send " + attempt));
        StepRecord sent = step.withStatus(compensation ? StepStatus.COMPENSATING : StepStatus.RUNNING, step.detail())
                .withLastMessageId(messageId);
        sent = compensation ? sent.withCompensationAttempts(attempt) : sent.withAttempts(attempt);
        if (attempt == 1) {
            sent = sent.withPhaseSentAt(draft.now);
        }
        draft.step(index, sent);
        draft.deadlineAt = draft.now.plus(wait(definition, compensation, attempt));
    }

    /** Waits again for the command in flight, with a fresh retry budget, without sending it now. */
    private <D> void rearm(Draft<D> draft, int index, boolean compensation) {
        StepDefinition<D> definition = draft.saga.step(index);
        StepRecord step = draft.step(index);
        StepRecord rearmed = step.withStatus(compensation ? StepStatus.COMPENSATING : StepStatus.RUNNING, step.detail());
        draft.step(index, compensation ? rearmed.withCompensationAttempts(1) : rearmed.withAttempts(1));
        draft.deadlineAt = draft.now.plus(wait(definition, compensation, 1));
    }

    private Duration wait(StepDefinition<?> definition, boolean compensation, int attempt) {
        Duration deadline = compensation ? definition.compensationDeadline() : definition.deadline();
        RetryPolicy policy = compensation ? definition.compensationRetry() : definition.retry();
        return deadline.plus(policy.backoffBefore(attempt, random.getAsDouble()));
    }

    /** The saga being changed by one input. */
    private final class Draft<D> {
        final CompiledSaga<D> saga;
        final SagaRecord before;
        final boolean fresh;
        final Instant now;
        final List<StepRecord> steps;
        final List<HistoryEntry> history = new ArrayList<>();
        final List<OutgoingCommand> commands = new ArrayList<>();
        int definitionVersion;
        SagaStatus status;
        String state;
        String parkedState;
        String dataJson;
        D data;
        String outcome;
        Instant deadlineAt;
        Instant progressedAt;
        String lastError;
        UUID causationId;
        String traceparent;
        Instant pausedAt;
        Instant pausedDeadlineAt;

        Draft(CompiledSaga<D> saga, SagaRecord before, boolean fresh, Instant now) {
            this.saga = saga;
            this.before = before;
            this.fresh = fresh;
            this.now = now;
            this.steps = new ArrayList<>(before.steps());
            this.definitionVersion = before.definitionVersion();
            this.status = before.status();
            this.state = before.state();
            this.parkedState = before.parkedState();
            this.dataJson = before.data();
            this.outcome = before.outcome();
            this.deadlineAt = before.deadlineAt();
            this.progressedAt = before.progressedAt();
            this.lastError = before.lastError();
            this.pausedAt = before.pausedAt();
            this.pausedDeadlineAt = before.pausedDeadlineAt();
        }

        /** Paused now; {@code deadline} is the one put aside, null when nothing is left to wait for. */
        void pause(Instant deadline) {
            pausedAt = now;
            pausedDeadlineAt = deadline;
            deadlineAt = null;
        }

        D data() {
            if (data == null) {
                data = json.read(dataJson, saga.definition().dataType());
            }
            return data;
        }

        /**
         * Takes a handler's data; the stored JSON is kept as read when the data serializes as {@code unchanged}
         * (what it was before the handler), so the saga's row is written without its data.
         */
        void data(D changed, String unchanged) {
            if (changed == null) {
                throw new IllegalStateException("a reply handler of saga " + saga.definition().name() + " returned null");
            }
            data = changed;
            String written = json.write(changed);
            if (!written.equals(unchanged)) {
                dataJson = written;
            }
        }

        StepRecord step(int index) {
            return steps.get(index);
        }

        void step(int index, StepRecord step) {
            steps.set(index, step);
        }

        void outcomeIfUnset(String value) {
            if (outcome == null) {
                outcome = value;
            }
        }

        Decision decide(Verdict verdict) {
            if (verdict == Verdict.IGNORED) {
                // recorded in the timeline only: the saga itself, and so its version (an operator's ETag), stay
                return new Decision(verdict, before, null, history, List.of(), List.of());
            }
            SagaRecord after = new SagaRecord(before.id(), before.type(), definitionVersion, status, state, parkedState, dataJson, steps,
                    outcome, fresh ? 0 : before.version() + 1, deadlineAt, before.startedAt(), now, progressedAt,
                    lastError, pausedAt, pausedDeadlineAt, before.traceparent());
            List<SagaStatusChange> changes = fresh || before.status() != status
                    ? List.of(new SagaStatusChange(before.id(), before.type(), fresh ? null : before.status(), status,
                    state, data(), outcome))
                    : List.of();
            return new Decision(verdict, fresh ? null : before, after, history, commands, changes);
        }
    }
}
