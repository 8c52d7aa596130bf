package io.sagaengine.engine;

import io.sagaengine.outbox.MessageTracing;

/**
 * A span per transition a decision writes ({@code OrderSaga STEP_SUCCEEDED}), a child of the message that brought
 * it, else of the saga's start, else of the span in scope; the commands it sends carry the span's context. With
 * tracing off nothing is allocated.
 */
final class TransitionSpans {

    private final MessageTracing tracing;

    TransitionSpans(MessageTracing tracing) {
        this.tracing = tracing;
    }

    boolean enabled() {
        return tracing.enabled();
    }

    /**
     * @param incoming the {@code traceparent} of the message the decision answers; null when none brought it
     */
    MessageTracing.Handling start(Decision decision, String incoming) {
        if (!tracing.enabled()) {
            return MessageTracing.Handling.none();
        }
        SagaRecord before = decision.before();
        SagaRecord after = decision.after();
        SagaRecord saga = after != null ? after : before;
        String parent = incoming != null ? incoming : before != null ? before.traceparent() : null;
        String event = event(decision);
        String from = before == null ? TransitionTable.NEW : before.state();
        String to = after == null ? from : after.state();
        boolean compensation = after != null && (after.status() == SagaStatus.COMPENSATING
                || after.status() == SagaStatus.COMPENSATED);
        return tracing.start(saga.type() + " " + event, parent, incoming != null)
                .tag("saga.type", saga.type())
                .tag("saga.id", saga.id().toString())
                .tag("saga.event", event)
                .tag("saga.from_state", from)
                .tag("saga.to_state", to)
                .tag("saga.status", saga.status().name())
                .tag("saga.compensation", compensation)
                .tag("saga.commands", String.valueOf(decision.commands().size()));
    }

    /**
     * The event of its first transition or operator action; else what its timeline records first (a deadline that
     * re-sends a command: {@code DEADLINE_PASSED}); else its verdict.
     */
    private static String event(Decision decision) {
        for (HistoryEntry entry : decision.history()) {
            if (entry.event() != null) {
                return entry.event();
            }
        }
        return decision.history().isEmpty() ? decision.verdict().name() : decision.history().get(0).kind().name();
    }
}
