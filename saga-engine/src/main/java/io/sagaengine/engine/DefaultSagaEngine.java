package io.sagaengine.engine;

import io.sagaengine.engine.Decision.Verdict;
import io.sagaengine.engine.SagaMessaging.Decoded;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.OptimisticLockingFailureException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transactional shell around {@link SagaLogic}: each input is one transaction that marks the reply
 * processed (inbox), reads the saga, lets the logic decide, and writes the saga row (checked against the version
 * it read), the timeline, the outbox rows and the listeners' effects. A version conflict rolls all of it back and
 * the input is tried again from the start, against the saga as the other writer left it. The replies of one poll
 * may share a transaction, a savepoint each ({@link #onReplies}); a reply that fails there is undone alone and
 * handled on its own.
 *
 * <p>Several builds may share the database during a rolling upgrade. A saga whose type, or the version of its
 * definition it runs on, this build does not define is left to an instance whose build does: its deadlines are not
 * polled here, and a reply for it is marked processed and held ({@link HeldReplies}) in one transaction, never
 * applied to another version's shape; instances whose build defines the version apply held replies before they
 * fire deadlines.
 */
final class DefaultSagaEngine implements SagaEngine, SagaOperations, SagaMigrations, DeadlineHold {

    private static final Logger log = LoggerFactory.getLogger(DefaultSagaEngine.class);

    /**
     * @param consumer        the inbox consumer name replies are deduplicated under
     * @param unknownSagaWait how long a reply naming a saga not (yet) visible is read again before it is recorded
     *                        as unmatched
     */
    record Settings(String consumer, int conflictRetries, int handlerAttempts, int deadlineBatchSize,
                    Duration unknownSagaWait) {
    }

    /** Rolls back the handling of a reply whose saga cannot be read yet, so it can be read again shortly. */
    private static final class SagaNotVisibleYet extends RuntimeException {
        SagaNotVisibleYet() {
            super(null, null, false, false);
        }
    }

    private static final long FIRST_RECHECK_NANOS = Duration.ofMillis(5).toNanos();
    /** Transactions of held replies per poll at most, so that a flood of them never starves the deadlines. */
    private static final int HELD_ROUNDS_PER_POLL = 10;
    /** Sagas whose held reply this build could not read, remembered at most (beyond, they are tried again). */
    private static final int MAX_UNREADABLE_HERE = 10_000;

    private final SagaLogic logic;
    private final SagaMessaging messaging;
    private final SagaStore store;
    private final Outbox outbox;
    private final Inbox inbox;
    private final SagaTransactions transactions;
    private final Supplier<? extends Iterable<SagaStatusListener>> listeners;
    private final Supplier<? extends Iterable<SagaEngineObserver>> observers;
    private final Settings settings;
    private final ReplyFrontier frontier;
    private final HeldReplies held;
    private final OutboxPublishing publishing;
    private final Set<String> definedTypes;
    private final Set<SagaVersion> definedVersions;
    private final TransitionSpans spans;
    /** Sagas of a type defined here whose oldest held reply this build cannot read: left to a build that can. */
    private final Set<UUID> unreadableHere = ConcurrentHashMap.newKeySet();
    private volatile Duration deadlinesHeldBy = Duration.ZERO;
    private volatile Instant notPublishingSince;

    DefaultSagaEngine(SagaLogic logic, SagaMessaging messaging, SagaStore store, Outbox outbox, Inbox inbox,
                      SagaTransactions transactions, Supplier<? extends Iterable<SagaStatusListener>> listeners,
                      Supplier<? extends Iterable<SagaEngineObserver>> observers, Settings settings,
                      ReplyFrontier frontier, HeldReplies held, OutboxPublishing publishing) {
        this(logic, messaging, store, outbox, inbox, transactions, listeners, observers, settings, frontier, held,
                publishing, MessageTracing.off());
    }

    DefaultSagaEngine(SagaLogic logic, SagaMessaging messaging, SagaStore store, Outbox outbox, Inbox inbox,
                      SagaTransactions transactions, Supplier<? extends Iterable<SagaStatusListener>> listeners,
                      Supplier<? extends Iterable<SagaEngineObserver>> observers, Settings settings,
                      ReplyFrontier frontier, HeldReplies held, OutboxPublishing publishing,
                      MessageTracing tracing) {
        this.spans = new TransitionSpans(Objects.requireNonNull(tracing, "tracing"));
        this.logic = logic;
        this.messaging = messaging;
        this.store = store;
        this.outbox = outbox;
        this.inbox = inbox;
        this.transactions = transactions;
        this.listeners = listeners;
        this.observers = observers;
        this.settings = settings;
        this.frontier = Objects.requireNonNull(frontier, "frontier");
        this.held = Objects.requireNonNull(held, "held");
        this.publishing = Objects.requireNonNull(publishing, "publishing");
        this.definedTypes = logic.registry().types();
        this.definedVersions = logic.registry().versions();
    }

    @Override
    public <D> void start(SagaDefinition<D> definition, UUID sagaId, D data) {
        Objects.requireNonNull(sagaId, "sagaId");
        Objects.requireNonNull(data, "data");
        transactions.requireTransaction("a saga must start inside the transaction of the change that starts it");
        apply(logic.start(definition, sagaId, data), null);
    }

    /**
     * Handles one reply. Version conflicts are retried; an input whose handling keeps failing parks its saga with
     * the reply kept in the timeline, so it never blocks the partition. A reply for a saga of a type this build does
     * not define is held for an instance whose build does, whether this build can read it or not.
     *
     * @throws UnreadableReplyException if the reply can never be read (it belongs in the dead-letter topic)
     * @throws RuntimeException         when the database is unreachable or conflicts do not stop: the caller
     *                                  retries later (the reply is not marked processed)
     */
    ReplyOutcome onReply(ReplyEnvelope reply) {
        Decoded read;
        UnreadableReplyException cannotRead = null;
        try {
            read = messaging.decode(reply.type(), reply.schemaVersion(), reply.payload());
        } catch (UnreadableReplyException e) {
            // a reply type of a newer build: poison here, unless its saga is of a type this build does not define
            read = null;
            cannotRead = e;
        }
        Decoded decoded = read;
        UnreadableReplyException unreadable = cannotRead;
        int failures = 0;
        long recheckUntil = System.nanoTime() + unknownSagaWaitLeft(reply).toNanos();
        long pause = FIRST_RECHECK_NANOS;
        while (true) {
            try {
                boolean lastLook = System.nanoTime() - recheckUntil >= 0;
                return withConflictRetries(() -> transactions.inTransaction(() ->
                        handle(reply, decoded, unreadable, lastLook)));
            } catch (SagaNotVisibleYet notYet) {
                // the saga's transaction is committed (its command went out) but may not be visible to us yet
                LockSupport.parkNanos(Math.min(pause, Math.max(0, recheckUntil - System.nanoTime())));
                pause *= 2;
            } catch (RuntimeException e) {
                if (e == unreadable || isRetryableLater(e)) {
                    throw e;
                }
                failures++;
                if (failures >= settings.handlerAttempts()) {
                    return parkAfterFailures(reply, decoded, e, failures);
                }
                log.warn("Handling reply {} ({}) of saga {} failed (attempt {} of {}): {}", reply.messageId(),
                        reply.type(), reply.sagaId(), failures, settings.handlerAttempts(), summary(e));
            }
        }
    }

    /**
     * Handles replies in their order, as many as go cleanly in one transaction, each in a savepoint of its own. A
     * reply whose handling fails in its savepoint (a version conflict, its saga not visible yet, a failing listener,
     * a reply this build cannot read) is undone alone: the ones before it commit, it is then handled as
     * {@link #onReply} handles a reply on its own (conflicts retried, its saga read again, parked after repeated
     * failures), and the ones after it go on in a new transaction. Two replies of one saga see each other's effect:
     * each reads the saga row as the transaction left it.
     *
     * @throws RepliesFailed naming the first reply not handled; every reply before it is committed, none after it
     *                       was tried. Its cause is what {@link #onReply} throws: an {@link UnreadableReplyException}
     *                       (the reply belongs in the dead-letter topic), or a failure to retry later
     */
    void onReplies(List<ReplyEnvelope> replies) {
        int next = 0;
        while (next < replies.size()) {
            int from = next;
            try {
                next = transactions.inTransaction(() -> handleInSavepoints(replies, from));
            } catch (RuntimeException e) {
                // the database refused the commit or is unreachable: nothing from `from` on is committed
                if (TransientFailures.isTransient(e) || from == replies.size() - 1) {
                    throw new RepliesFailed(from, e);
                }
                // what the commit refused may belong to any of the replies (the outbox rows of all of them are
                // written just before it): the first one goes alone, in a transaction of its own, so a reply the
                // database refuses is the one that fails
                log.debug("The commit of replies {} to {} failed; reply {} is handled on its own: {}", from,
                        replies.size() - 1, from, e.toString());
                next = from;
            }
            if (next < replies.size()) {
                try {
                    onReply(replies.get(next));
                } catch (RuntimeException e) {
                    throw new RepliesFailed(next, e);
                }
                next++;
            }
        }
    }

    /** @return the index of the first reply whose savepoint rolled back, or the list's size */
    private int handleInSavepoints(List<ReplyEnvelope> replies, int from) {
        for (int i = from; i < replies.size(); i++) {
            ReplyEnvelope reply = replies.get(i);
            try {
                transactions.inSavepoint(() -> handleInBatch(reply));
            } catch (RuntimeException e) {
                log.debug("Reply {} ({}) of saga {} is handled on its own after {} in one transaction: {}",
                        reply.messageId(), reply.type(), reply.sagaId(), i - from, e.toString());
                return i;
            }
        }
        log.debug("{} replies handled in one transaction", replies.size() - from);
        return replies.size();
    }

    private ReplyOutcome handleInBatch(ReplyEnvelope reply) {
        Decoded decoded;
        UnreadableReplyException unreadable = null;
        try {
            decoded = messaging.decode(reply.type(), reply.schemaVersion(), reply.payload());
        } catch (UnreadableReplyException e) {
            decoded = null;
            unreadable = e;
        }
        // a saga not visible yet is waited for on its own, outside the batch's transaction
        return handle(reply, decoded, unreadable, unknownSagaWaitLeft(reply).isZero());
    }

    /** The reply at {@link #index()} of a list was not handled; the ones before it are committed. */
    static final class RepliesFailed extends RuntimeException {

        private final int index;

        RepliesFailed(int index, RuntimeException cause) {
            super("reply " + index + " of the batch failed: " + cause.getMessage(), cause);
            this.index = index;
        }

        int index() {
            return index;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /**
     * How long a reply naming an unknown saga may still be read again: the wait counts from when the reply was sent,
     * so a backlog of old replies for sagas this database never had (a topic older than the database, sagas purged
     * long ago) is recorded at once instead of holding the partition for every one of them.
     */
    private Duration unknownSagaWaitLeft(ReplyEnvelope reply) {
        Instant now = Instant.now();
        Instant sent = reply.sentAt() == null || reply.sentAt().isAfter(now) ? now : reply.sentAt();
        Duration left = settings.unknownSagaWait().minus(Duration.between(sent, now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * @param decoded    null when this build cannot read the reply
     * @param unreadable why not; thrown (rolling everything back) unless the reply is held
     */
    private ReplyOutcome handle(ReplyEnvelope reply, Decoded decoded, UnreadableReplyException unreadable,
                                boolean lastLook) {
        if (!inbox.markProcessed(settings.consumer(), reply.messageId())) {
            return ReplyOutcome.DUPLICATE;
        }
        Optional<SagaRecord> saga = store.find(reply.sagaId());
        if (saga.isEmpty()) {
            if (!lastLook) {
                throw new SagaNotVisibleYet();
            }
            if (unreadable != null) {
                throw unreadable;
            }
            log.warn("Reply {} ({}) names saga {}, which does not exist; recorded", reply.messageId(), reply.type(),
                    reply.sagaId());
            store.append(List.of(logic.unmatched(reply, decoded)));
            return ReplyOutcome.UNMATCHED;
        }
        if (!logic.defines(saga.get())) {
            return hold(saga.get(), reply, decoded);
        }
        if (unreadable != null) {
            throw unreadable;
        }
        if (saga.get().paused()) {
            return holdWhilePaused(saga.get(), reply, decoded);
        }
        Decision decision = logic.onReply(saga.get(), reply, decoded);
        applyOrConflict(decision, reply.traceparent());
        return switch (decision.verdict()) {
            case APPLIED -> ReplyOutcome.APPLIED;
            case PARKED -> ReplyOutcome.PARKED;
            default -> ReplyOutcome.IGNORED;
        };
    }

    private ReplyOutcome parkAfterFailures(ReplyEnvelope reply, Decoded decoded, RuntimeException failure, int times) {
        String reason = "handling reply " + reply.type() + " failed " + times + " times: " + summary(failure);
        log.error("Parking saga {} as NEEDS_ATTENTION: handling reply {} ({}) failed {} times", reply.sagaId(),
                reply.messageId(), reply.type(), times, failure);
        return withConflictRetries(() -> transactions.inTransaction(() -> {
            if (!inbox.markProcessed(settings.consumer(), reply.messageId())) {
                return ReplyOutcome.DUPLICATE;
            }
            Optional<SagaRecord> saga = store.find(reply.sagaId());
            if (saga.isEmpty()) {
                store.append(List.of(logic.unmatched(reply, decoded)));
                return ReplyOutcome.UNMATCHED;
            }
            if (!logic.defines(saga.get())) {
                return hold(saga.get(), reply, decoded);
            }
            if (saga.get().paused() && decoded != null) {
                return holdWhilePaused(saga.get(), reply, decoded);
            }
            applyOrConflict(logic.park(saga.get(), reason, reply, decoded), reply.traceparent());
            return ReplyOutcome.PARKED;
        }));
    }

    /** Keeps the reply, with a timeline entry, for an instance whose build defines the saga's type. */
    private ReplyOutcome hold(SagaRecord saga, ReplyEnvelope reply, Decoded decoded) {
        held.hold(reply, saga.type(), logic.now());
        store.append(List.of(logic.held(saga, reply, decoded)));
        log.debug("Reply {} ({}) of saga {} held: {}", reply.messageId(), reply.type(), saga.id(),
                logic.notDefinedHere(saga));
        return ReplyOutcome.HELD;
    }

    /**
     * Keeps a reply of a paused saga, with a timeline entry, until it is unpaused: held as replies for an undefined
     * saga type are, so it is marked processed now and applied, exactly once, in the transaction that deletes it. The
     * saga's row is locked first, which orders this with an unpause: an unpause that committed since the saga was
     * read is a conflict here (the reply is then handled again, the normal way); one that comes after waits for this
     * transaction and finds the reply held.
     */
    private ReplyOutcome holdWhilePaused(SagaRecord saga, ReplyEnvelope reply, Decoded decoded) {
        SagaRecord locked = store.lock(saga.id()).orElseThrow(() -> new OptimisticLockingFailureException("saga "
                + saga.id() + " was deleted after it was read"));
        if (locked.version() != saga.version()) {
            throw new OptimisticLockingFailureException("saga " + saga.id() + " changed after it was read at version "
                    + saga.version());
        }
        held.hold(reply, saga.type(), logic.now());
        store.append(List.of(logic.heldWhilePaused(saga, reply, decoded)));
        log.debug("Reply {} ({}) of saga {} held: the saga is paused", reply.messageId(), reply.type(), saga.id());
        return ReplyOutcome.HELD;
    }

    /**
     * Applies the replies held for sagas of the types this build defines, then handles a batch of sagas of those
     * types whose deadline passed, each in a savepoint of one transaction that holds their rows locked (other
     * pollers skip them). Only deadlines the reply topics have been read past are due: one that passed while
     * replies were not being read waits until they are. While the outbox cannot publish, no deadline is due.
     *
     * @return how many sagas were due
     */
    int fireDueDeadlines() {
        Instant now = logic.now();
        // read before the held replies: a reply held before the frontier passed a deadline is then applied first
        Instant dueBy = frontier.deadlinesDueBy(now);
        applyHeldReplies();
        Duration heldForReplies = dueBy.isBefore(now) ? Duration.between(dueBy, now) : Duration.ZERO;
        if (!publishing.publishing()) {
            // the commands written meanwhile may never have gone out: a passed deadline says nothing of a reply
            Instant since = notPublishingSince;
            if (since == null) {
                since = now;
                notPublishingSince = now;
            }
            Duration heldForPublishing = Duration.between(since, now);
            deadlinesHeldBy = heldForPublishing.compareTo(heldForReplies) > 0 ? heldForPublishing : heldForReplies;
            return 0;
        }
        notPublishingSince = null;
        deadlinesHeldBy = heldForReplies;
        return transactions.inTransaction(() -> {
            List<SagaRecord> due = store.lockDue(dueBy, definedVersions, settings.deadlineBatchSize());
            for (SagaRecord saga : due) {
                try {
                    transactions.inSavepoint(() -> {
                        applyOrConflict(logic.onDeadline(saga), null);
                        return null;
                    });
                } catch (RuntimeException e) {
                    if (isRetryableLater(e)) {
                        throw e;
                    }
                    parkAfterDeadlineFailure(saga, e);
                }
            }
            return due.size();
        });
    }

    /**
     * How far behind the clock deadlines were held at the last poll: because replies were not read that far, or
     * since when the outbox cannot publish.
     */
    @Override
    public Duration deadlinesHeldBy() {
        return deadlinesHeldBy;
    }

    /** Since when the last polls found that the outbox cannot publish; null while it can. */
    Instant notPublishingSince() {
        return notPublishingSince;
    }

    /**
     * Applies the replies other instances held for sagas of the types this build defines, a transaction per batch
     * of sagas, until a batch is not full.
     *
     * @return how many sagas took held replies, and how many held replies were recorded as unmatched
     */
    int applyHeldReplies() {
        int total = 0;
        for (int round = 0; round < HELD_ROUNDS_PER_POLL; round++) {
            int handled = transactions.inTransaction(this::applyHeldBatch);
            total += handled;
            if (handled < settings.deadlineBatchSize()) {
                break;
            }
        }
        return total;
    }

    private int applyHeldBatch() {
        int handled = 0;
        for (HeldReply orphan : held.lockOrphans(definedTypes, settings.deadlineBatchSize())) {
            ReplyEnvelope reply = orphan.reply();
            log.warn("Held reply {} ({}) names saga {}, which no longer exists; recorded as unmatched",
                    reply.messageId(), reply.type(), reply.sagaId());
            store.append(List.of(logic.unmatched(reply, readOrNull(reply))));
            held.delete(reply.messageId());
            handled++;
        }
        for (UUID sagaId : held.lockSagasWithHeldReplies(definedVersions, unreadableHere,
                settings.deadlineBatchSize())) {
            try {
                if (transactions.inSavepoint(() -> applyHeldRepliesOf(sagaId))) {
                    handled++;
                }
            } catch (RuntimeException e) {
                if (isRetryableLater(e)) {
                    throw e;
                }
                // one saga's failure must not hold the others' replies, nor the deadlines after them
                log.error("Applying the held replies of saga {} failed; they stay held and are tried again on the "
                        + "next poll", sagaId, e);
            }
        }
        return handled;
    }

    /**
     * Applies one saga's held replies, oldest first, with its row locked; stops at one this build cannot read,
     * which stays held with the later ones for a build that can.
     *
     * @return whether any was applied
     */
    private boolean applyHeldRepliesOf(UUID sagaId) {
        boolean applied = false;
        if (lockedSaga(sagaId).paused()) {
            return false; // its replies wait for the unpause, which applies them
        }
        for (HeldReply heldReply : held.of(sagaId)) {
            ReplyEnvelope reply = heldReply.reply();
            Decoded decoded = readOrNull(reply);
            if (decoded == null) {
                if (unreadableHere.size() < MAX_UNREADABLE_HERE && unreadableHere.add(sagaId)) {
                    log.warn("Held reply {} ({} v{}) of saga {} cannot be read by this build; it stays held, with "
                                    + "the saga's later held replies, for an instance whose build reads it",
                            reply.messageId(), reply.type(), reply.schemaVersion(), sagaId);
                }
                return applied;
            }
            applyHeld(reply, decoded);
            applied = true;
        }
        return applied;
    }

    /** As a reply off its topic is handled, but it is marked processed already: the held row goes instead. */
    private void applyHeld(ReplyEnvelope reply, Decoded decoded) {
        for (int failures = 1; ; failures++) {
            try {
                transactions.inSavepoint(() -> {
                    applyOrConflict(logic.onReply(lockedSaga(reply.sagaId()), reply, decoded), reply.traceparent());
                    held.delete(reply.messageId());
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (isRetryableLater(e)) {
                    throw e;
                }
                if (failures >= settings.handlerAttempts()) {
                    parkAfterHeldReplyFailures(reply, decoded, e, failures);
                    return;
                }
                log.warn("Applying held reply {} ({}) of saga {} failed (attempt {} of {}): {}", reply.messageId(),
                        reply.type(), reply.sagaId(), failures, settings.handlerAttempts(), summary(e));
            }
        }
    }

    private void parkAfterHeldReplyFailures(ReplyEnvelope reply, Decoded decoded, RuntimeException failure,
                                            int times) {
        String reason = "handling held reply " + reply.type() + " failed " + times + " times: " + summary(failure);
        log.error("Parking saga {} as NEEDS_ATTENTION: applying held reply {} ({}) failed {} times", reply.sagaId(),
                reply.messageId(), reply.type(), times, failure);
        transactions.inSavepoint(() -> {
            applyOrConflict(logic.park(lockedSaga(reply.sagaId()), reason, reply, decoded), reply.traceparent());
            held.delete(reply.messageId());
            return null;
        });
    }

    private SagaRecord lockedSaga(UUID sagaId) {
        return store.find(sagaId).orElseThrow(() -> new IllegalStateException("saga " + sagaId
                + " is locked by this transaction but cannot be read"));
    }

    private Decoded readOrNull(ReplyEnvelope reply) {
        try {
            return messaging.decode(reply.type(), reply.schemaVersion(), reply.payload());
        } catch (UnreadableReplyException e) {
            return null;
        }
    }

    private void parkAfterDeadlineFailure(SagaRecord saga, RuntimeException failure) {
        log.error("Parking saga {} as NEEDS_ATTENTION: handling its deadline failed", saga.id(), failure);
        try {
            transactions.inSavepoint(() -> {
                applyOrConflict(logic.park(saga, "handling its deadline failed: " + summary(failure), null, null),
                        null);
                return null;
            });
        } catch (RuntimeException e) {
            if (isRetryableLater(e)) {
                throw e;
            }
            log.error("Parking saga {} failed too; its deadline is tried again on the next poll", saga.id(), e);
        }
    }

    @Override
    public OperatorResult retry(UUID sagaId, long expectedVersion, String actor, String reason) {
        return operate(sagaId, expectedVersion, SagaEvent.OPERATOR_RETRY, actor, reason);
    }

    @Override
    public OperatorResult compensate(UUID sagaId, long expectedVersion, String actor, String reason) {
        return operate(sagaId, expectedVersion, SagaEvent.OPERATOR_COMPENSATE, actor, reason);
    }

    @Override
    public OperatorResult resume(UUID sagaId, long expectedVersion, String actor, String reason) {
        return operate(sagaId, expectedVersion, SagaEvent.OPERATOR_RESUME, actor, reason);
    }

    /**
     * Pauses the saga in one transaction. While paused, replies are kept (marked processed and held), deadlines do not
     * fire and nothing is sent.
     */
    @Override
    public OperatorResult pause(UUID sagaId, long expectedVersion, String actor, String reason) {
        return operate(sagaId, expectedVersion, SagaEvent.OPERATOR_PAUSE, actor, reason,
                saga -> logic.pause(saga, actor, reason), false);
    }

    /**
     * Unpauses the saga and applies the replies kept while it was paused, oldest first, in the same transaction with
     * its row locked (a reply that comes meanwhile waits for the row, then goes the normal way after them). A kept
     * reply this build cannot read stays kept, with the ones after it, for a build that can.
     */
    @Override
    public OperatorResult unpause(UUID sagaId, long expectedVersion, String actor, String reason) {
        return operate(sagaId, expectedVersion, SagaEvent.OPERATOR_UNPAUSE, actor, reason,
                saga -> logic.unpause(saga, actor, reason), true);
    }

    private OperatorResult operate(UUID sagaId, long expectedVersion, SagaEvent action, String actor, String reason) {
        return operate(sagaId, expectedVersion, action, actor, reason,
                saga -> logic.onOperator(saga, action, actor, reason), false);
    }

    private OperatorResult operate(UUID sagaId, long expectedVersion, SagaEvent action, String actor, String reason,
                                   Function<SagaRecord, Decision> decide, boolean applyHeldReplies) {
        Objects.requireNonNull(sagaId, "sagaId");
        requireText(actor, "actor");
        requireText(reason, "reason");
        return transactions.inTransaction(() -> {
            Optional<SagaRecord> found = store.find(sagaId);
            if (found.isEmpty()) {
                return OperatorResult.notFound();
            }
            SagaRecord saga = found.get();
            if (!logic.defines(saga)) {
                return result(OperatorResult.Kind.TYPE_NOT_DEFINED, saga);
            }
            if (saga.version() != expectedVersion) {
                return result(OperatorResult.Kind.STALE_VERSION, saga);
            }
            Decision decision = decide.apply(saga);
            if (decision.verdict() == Verdict.REJECTED) {
                return result(OperatorResult.Kind.NOT_ALLOWED, saga);
            }
            if (!apply(decision, null)) {
                return store.find(sagaId).map(s -> result(OperatorResult.Kind.STALE_VERSION, s))
                        .orElseGet(OperatorResult::notFound);
            }
            SagaRecord after = decision.after();
            if (applyHeldReplies && applyHeldRepliesOf(sagaId)) {
                after = lockedSaga(sagaId);
            }
            log.info("Operator {} applied {} to saga {}: now {}", actor, action, sagaId, after.state());
            return result(OperatorResult.Kind.APPLIED, after);
        });
    }

    @Override
    public List<MigrationResult> dryRun(SagaMigration migration, List<MigrationTarget> sagas) {
        MigrationPlan plan = MigrationPlan.check(migration, logic.registry());
        return sagas.stream().map(target -> transactions.inTransaction(() ->
                migrate(plan, target, "dry run", "dry run", true))).toList();
    }

    @Override
    public List<MigrationResult> migrate(SagaMigration migration, List<MigrationTarget> sagas, String actor,
                                         String reason) {
        requireText(actor, "actor");
        requireText(reason, "reason");
        MigrationPlan plan = MigrationPlan.check(migration, logic.registry());
        List<MigrationResult> results = new java.util.ArrayList<>(sagas.size());
        for (MigrationTarget target : sagas) {
            MigrationResult result = transactions.inTransaction(() -> migrate(plan, target, actor, reason, false));
            if (result.outcome() == MigrationResult.Outcome.MIGRATED) {
                log.info("Operator {} migrated saga {} from version {} ({}) to version {} ({})", actor,
                        target.sagaId(), migration.from(), result.fromState(), migration.to(), result.toState());
            }
            results.add(result);
        }
        return results;
    }

    private MigrationResult migrate(MigrationPlan plan, MigrationTarget target, String actor, String reason,
                                    boolean dryRun) {
        Optional<SagaRecord> found = store.find(target.sagaId());
        if (found.isEmpty()) {
            return new MigrationResult(target.sagaId(), MigrationResult.Outcome.NOT_FOUND, -1, null, null, List.of(),
                    "no saga has this id");
        }
        SagaRecord saga = found.get();
        if (saga.version() != target.expectedVersion()) {
            return new MigrationResult(saga.id(), MigrationResult.Outcome.STALE_VERSION, saga.version(),
                    saga.effectiveState(), null, List.of(), "the saga is at version " + saga.version() + ", not "
                    + target.expectedVersion());
        }
        MigrationPlan.Fit fit = plan.fit(saga);
        if (fit instanceof MigrationPlan.Rejected rejected) {
            return new MigrationResult(saga.id(), rejected.outcome(), saga.version(), rejected.fromState(), null,
                    List.of(), rejected.detail());
        }
        MigrationPlan.Reshaped reshaped = (MigrationPlan.Reshaped) fit;
        Decision decision = logic.migrate(reshaped, actor, reason);
        List<String> commands = decision.commands().stream().map(OutgoingCommand::type).toList();
        if (dryRun) {
            return new MigrationResult(saga.id(), MigrationResult.Outcome.WOULD_MIGRATE, saga.version(),
                    reshaped.fromState(), reshaped.toState(), commands, null);
        }
        if (!apply(decision, null)) {
            long now = store.find(saga.id()).map(SagaRecord::version).orElse(-1L);
            return new MigrationResult(saga.id(), MigrationResult.Outcome.STALE_VERSION, now, reshaped.fromState(),
                    null, List.of(), "the saga changed while it was migrated");
        }
        return new MigrationResult(saga.id(), MigrationResult.Outcome.MIGRATED, decision.after().version(),
                reshaped.fromState(), reshaped.toState(), commands, null);
    }

    private static OperatorResult result(OperatorResult.Kind kind, SagaRecord saga) {
        return new OperatorResult(kind, saga.version(), saga.status(), saga.state());
    }

    private void applyOrConflict(Decision decision, String incomingTraceparent) {
        if (!apply(decision, incomingTraceparent)) {
            throw new OptimisticLockingFailureException("saga " + decision.before().id()
                    + " changed after it was read at version " + decision.before().version());
        }
    }

    /**
     * Writes a decision in a span of its own (when tracing is on), a child of {@code incomingTraceparent}, else of the
     * saga's start, else of the span in scope.
     *
     * @param incomingTraceparent the trace context of the message the decision answers; null when none brought it
     * @return false if the saga changed since it was read; nothing was written then
     */
    private boolean apply(Decision decision, String incomingTraceparent) {
        if (!spans.enabled() || decision.after() == null && decision.history().isEmpty()) {
            return write(decision, null);
        }
        try (MessageTracing.Handling span = spans.start(decision, incomingTraceparent)) {
            try {
                boolean written = write(decision, span.traceparentOr(null));
                if (!written) {
                    span.tag("saga.conflict", true);
                }
                return written;
            } catch (RuntimeException | Error e) {
                span.failed(e);
                throw e;
            }
        }
    }

    /**
     * Writes a decision: saga row first (so a version conflict writes nothing), then timeline, outbox rows and
     * the listeners' effects.
     *
     * @param traceparent the context of the decision's span, for a new saga and the commands; null when untraced
     * @return false if the saga changed since it was read; nothing was written then
     */
    private boolean write(Decision decision, String traceparent) {
        if (decision.after() != null) {
            if (decision.before() == null) {
                store.insert(traceparent == null ? decision.after() : decision.after().withTraceparent(traceparent));
            } else if (decision.before().definitionVersion() != decision.after().definitionVersion()
                    ? !store.migrate(decision.before(), decision.after())
                    : !store.update(decision.before(), decision.after())) {
                return false;
            }
        }
        store.append(decision.history());
        if (!decision.commands().isEmpty()) {
            outbox.appendAll(decision.commands().stream().map(command -> toOutbox(command, traceparent)).toList());
        }
        for (SagaStatusChange change : decision.statusChanges()) {
            for (SagaStatusListener listener : listeners.get()) {
                listener.onStatusChange(change);
            }
        }
        // last: a failure above rolls the decision back, and a rolled-back decision is never reported
        transactions.afterCommit(() -> report(decision));
        return true;
    }

    private void report(Decision decision) {
        for (SagaEngineObserver observer : observers.get()) {
            try {
                DecisionReport.report(decision, observer);
            } catch (RuntimeException e) {
                log.warn("Saga engine observer {} failed on saga {}; ignored", observer.getClass().getName(),
                        decision.after() == null ? null : decision.after().id(), e);
            }
        }
    }

    private <T> T withConflictRetries(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (ConcurrencyFailureException e) {
                if (attempt > settings.conflictRetries()) {
                    throw e;
                }
                log.debug("Saga write conflict (attempt {}), trying again: {}", attempt, e.getMessage());
            }
        }
    }

    /** @param traceparent the context of the span that sends it; null to keep the one the decision gave it */
    static OutboxMessage toOutbox(OutgoingCommand command, String traceparent) {
        return OutboxMessage.to(command.topic())
                .id(command.messageId())
                .saga(command.sagaId().toString())
                .type(command.type(), command.schemaVersion())
                .causationId(command.causationId())
                .traceparent(traceparent != null ? traceparent : command.traceparent())
                .payload(command.json())
                .build();
    }

    /**
     * Failures that say nothing about the input: the database is unreachable, or a conflict. Retrying later may
     * succeed. (A transaction a listener marked rollback-only is the input's failure, not the database's.)
     */
    private static boolean isRetryableLater(RuntimeException e) {
        return TransientFailures.isTransient(e);
    }

    private static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
