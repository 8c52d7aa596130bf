package io.sagaengine.service.participant.requests;

import io.sagaengine.contracts.ContractMessage;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The requestIds of one participant step, each executed at most once and compensated at most once, with the
 * outcome of its forward command recorded so every later delivery gets the same answer. Get one from
 * {@link ParticipantRequests#of(Class)}; the business code then writes only its rule and its undo:
 *
 * <pre>{@code
 * PaymentReply charge(ChargePayment command) {
 *     return requests.forward(command, () -> chargeAgainstCredit(command))        // runs at most once
 *             .reply(outcome -> outcome.reply(command),                            // also for a re-delivery
 *                    () -> new PaymentDeclined(command.requestId(), command.orderId(),
 *                            PaymentDeclined.ALREADY_COMPENSATED));                 // the refund came first
 * }
 *
 * PaymentReply refund(RefundPayment command) {
 *     requests.compensate(command, outcome -> {                                   // at most once, after the charge
 *         if (outcome instanceof ChargeOutcome.Charged charged) {
 *             restoreCredit(charged);
 *         }
 *     });
 *     return new PaymentRefunded(command.requestId(), command.orderId());
 * }
 * }</pre>
 *
 * <p>Both calls must run inside the command's transaction (the participant plumbing's handlers do), together with
 * the rule's or the undo's writes, the inbox record and the reply: they commit together or not at all. Rule and
 * undo must let their exceptions propagate so the transaction rolls back.
 *
 * <p>Guarantees, per requestId:
 * <ul>
 *   <li>the rule runs at most once; a re-delivered or re-sent forward command is answered from the recorded outcome;
 *   <li>a compensation of a forward command that never ran is recorded, and that forward command, arriving late, is
 *       answered as {@link Forwarded.CompensatedBeforeExecution} without running;
 *   <li>the undo runs at most once, and only after the rule, with the outcome the rule recorded;
 *   <li>deliveries of one requestId at the same time (forward or compensation, on any instance) take turns: the
 *       first inserts the requestId's row, and the others wait on it until that transaction ends. The row is taken
 *       before the rule or the undo run, so their own locks are always taken after it, in one order.
 * </ul>
 *
 * @param <O> the outcome of the forward command: a type Jackson can write and read back (a record, or a sealed
 *            interface of records with {@code @JsonTypeInfo}), carrying what the reply and the undo need
 */
public final class Requests<O> {

    private final RequestTable table;
    private final Class<O> outcomeType;

    Requests(RequestTable table, Class<O> outcomeType) {
        this.table = table;
        this.outcomeType = Objects.requireNonNull(outcomeType, "outcomeType");
    }

    /**
     * Runs {@code rule} if this requestId is new, and records its outcome; otherwise answers from what was recorded.
     *
     * @param rule the business rule: applies the effect (or decides not to) and returns what it decided; never null
     */
    public Forwarded<O> forward(ContractMessage command, Supplier<? extends O> rule) {
        UUID requestId = requestId(command);
        if (!table.claim(requestId, command.businessKey())) {
            return answer(table.find(requestId).orElseThrow());
        }
        O outcome = Objects.requireNonNull(rule.get(), "the rule returned no outcome");
        if (!outcomeType.isInstance(outcome)) {
            throw new IllegalArgumentException("the rule returned a " + outcome.getClass().getName() + ", not a "
                    + outcomeType.getName());
        }
        table.recordExecuted(requestId, OutcomeJson.write(outcome));
        return new Forwarded.Executed<>(outcome);
    }

    /**
     * Undoes the forward command of this requestId if it ran and was not undone yet; if it never ran, records that
     * so it never will.
     *
     * @param undo given the recorded outcome; it decides what, if anything, there is to undo (a declined charge has
     *             nothing)
     */
    public Compensation compensate(ContractMessage command, Consumer<? super O> undo) {
        UUID requestId = requestId(command);
        if (table.recordCompensatedBeforeExecution(requestId, command.businessKey())) {
            return Compensation.RECORDED_BEFORE_EXECUTION;
        }
        RequestTable.Row row = table.lock(requestId).orElseThrow();
        return switch (row.state()) {
            case EXECUTED -> {
                undo.accept(outcome(row));
                table.recordCompensated(requestId);
                yield Compensation.UNDONE;
            }
            case COMPENSATED, COMPENSATED_BEFORE_EXECUTION -> Compensation.ALREADY_COMPENSATED;
            case EXECUTING -> throw committedWithoutOutcome(row);
        };
    }

    /** Every requestId recorded under a business key (e.g. an order id), oldest first. */
    public List<RecordedRequest<O>> byKey(String businessKey) {
        return table.byKey(businessKey).stream()
                .map(row -> new RecordedRequest<>(row.requestId(), row.businessKey(), row.state(),
                        row.outcome() == null ? null : outcome(row), row.createdAt(), row.executedAt(),
                        row.compensatedAt()))
                .toList();
    }

    private Forwarded<O> answer(RequestTable.Row row) {
        return switch (row.state()) {
            case EXECUTED, COMPENSATED -> new Forwarded.Executed<>(outcome(row));
            case COMPENSATED_BEFORE_EXECUTION -> new Forwarded.CompensatedBeforeExecution<>();
            case EXECUTING -> throw committedWithoutOutcome(row);
        };
    }

    private O outcome(RequestTable.Row row) {
        return OutcomeJson.read(row.outcome(), outcomeType);
    }

    private static UUID requestId(ContractMessage command) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("requests must be recorded inside the command's transaction");
        }
        return Objects.requireNonNull(command.requestId(), "requestId");
    }

    /** Only if a transaction swallowed the rule's exception and committed anyway. */
    private static IllegalStateException committedWithoutOutcome(RequestTable.Row row) {
        return new IllegalStateException("request " + row.requestId() + " was committed without an outcome");
    }
}
