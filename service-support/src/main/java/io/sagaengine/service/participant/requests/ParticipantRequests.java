package io.sagaengine.service.participant.requests;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a participant gets its {@link Requests}: one per step, typed by the outcome its forward command records.
 * Auto-configured for every participant service, with the {@code participant_request} table.
 *
 * <pre>{@code
 * PaymentService(ParticipantRequests requests, ...) {
 *     this.requests = requests.of(ChargeOutcome.class);
 * }
 * }</pre>
 */
public final class ParticipantRequests {

    private final RequestTable table;

    public ParticipantRequests(JdbcTemplate jdbc) {
        this.table = new RequestTable(jdbc);
    }

    public <O> Requests<O> of(Class<O> outcomeType) {
        return new Requests<>(table, outcomeType);
    }
}
