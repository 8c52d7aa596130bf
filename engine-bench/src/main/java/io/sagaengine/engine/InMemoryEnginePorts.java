package io.sagaengine.engine;

import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The engine's storage ports in memory, doing what the JDBC ports do short of I/O: a saga row keeps its steps as
 * JSON (written on insert and on an update that changes them, parsed on every read, as {@link JdbcSagaStore} does),
 * timeline entries (the commands column of each row written as JSON) and outbox rows are kept until the benchmark
 * clears them, the inbox remembers message ids. Transactions only run their after-commit actions; nothing in the
 * benchmark fails, so nothing is rolled back. The benchmark's engine defines every saga type it meets, so no reply
 * is ever held. Not thread-safe: one benchmark thread per instance.
 */
final class InMemoryEnginePorts implements SagaStore, Outbox, Inbox, SagaTransactions, HeldReplies {

    /** A saga row as stored: the record without its steps, and the steps as the JSON column holds them. */
    private record Row(SagaRecord saga, String stepsJson) {
    }

    private final SagaJson json;
    private final Map<UUID, Row> rows = new HashMap<>();
    private final List<HistoryEntry> history = new ArrayList<>();
    private final List<OutboxMessage> outbox = new ArrayList<>();
    private final Set<String> inbox = new HashSet<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private int depth;

    InMemoryEnginePorts(SagaJson json) {
        this.json = json;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (depth > 0) {
            return work.get();
        }
        depth++;
        T result;
        try {
            result = work.get();
        } finally {
            depth--;
        }
        for (Runnable action : afterCommit) {
            action.run();
        }
        afterCommit.clear();
        return result;
    }

    @Override
    public <T> T inSavepoint(Supplier<T> work) {
        return work.get();
    }

    @Override
    public void afterCommit(Runnable action) {
        if (depth == 0) {
            action.run();
        } else {
            afterCommit.add(action);
        }
    }

    @Override
    public void requireTransaction(String why) {
        if (depth == 0) {
            throw new org.springframework.transaction.IllegalTransactionStateException(why);
        }
    }

    @Override
    public void insert(SagaRecord saga) {
        if (rows.putIfAbsent(saga.id(), new Row(saga, json.writeSteps(saga.steps()))) != null) {
            throw new org.springframework.dao.DuplicateKeyException("saga " + saga.id() + " exists");
        }
    }

    @Override
    public boolean update(SagaRecord before, SagaRecord after) {
        Row current = rows.get(after.id());
        if (current == null || current.saga().version() != before.version()) {
            return false;
        }
        // steps are written only when they changed, as JdbcSagaStore leaves an unchanged JSON column out
        String steps = after.steps().equals(before.steps()) ? current.stepsJson() : json.writeSteps(after.steps());
        rows.put(after.id(), new Row(after, steps));
        return true;
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        Row row = rows.get(sagaId);
        return row == null ? Optional.empty() : Optional.of(read(row));
    }

    @Override
    public Optional<SagaRecord> lock(UUID sagaId) {
        return find(sagaId);
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, Collection<String> types, int limit) {
        List<SagaRecord> due = new ArrayList<>();
        for (Row row : rows.values()) {
            Instant deadline = row.saga().deadlineAt();
            if (deadline != null && !deadline.isAfter(now) && types.contains(row.saga().type()) && due.size() < limit) {
                due.add(read(row));
            }
        }
        return due;
    }

    @Override
    public void append(List<HistoryEntry> entries) {
        for (HistoryRow row : HistoryRow.of(entries)) {
            json.writeCommands(row.commandColumn()); // as JdbcSagaStore writes a transition's commands column
        }
        history.addAll(entries);
    }

    @Override
    public void append(OutboxMessage message) {
        requireTransaction("outbox outside a transaction");
        outbox.add(message);
    }

    @Override
    public void appendAll(List<OutboxMessage> messages) {
        requireTransaction("outbox outside a transaction");
        outbox.addAll(messages);
    }

    @Override
    public boolean markProcessed(String consumer, UUID messageId) {
        requireTransaction("inbox outside a transaction");
        return inbox.add(consumer + "/" + messageId);
    }

    @Override
    public boolean processOnce(String consumer, UUID messageId, Runnable effect) {
        throw new UnsupportedOperationException("the orchestrator only marks replies processed");
    }

    @Override
    public <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect) {
        throw new UnsupportedOperationException("the orchestrator only marks replies processed");
    }

    /** The stored saga, without parsing its steps (for the benchmark's own bookkeeping). */
    SagaRecord stored(UUID sagaId) {
        return rows.get(sagaId).saga();
    }

    List<OutboxMessage> outbox() {
        return outbox;
    }

    int historySize() {
        return history.size();
    }

    /** Forgets everything, so a long benchmark does not grow its heap. */
    void clear() {
        rows.clear();
        history.clear();
        outbox.clear();
        inbox.clear();
    }

    private SagaRecord read(Row row) {
        SagaRecord s = row.saga();
        return new SagaRecord(s.id(), s.type(), s.status(), s.state(), s.parkedState(), s.data(),
                json.readSteps(row.stepsJson()), s.outcome(), s.version(), s.deadlineAt(), s.startedAt(),
                s.updatedAt(), s.progressedAt(), s.lastError(), s.pausedAt(), s.pausedDeadlineAt());
    }

    // held replies: none in the benchmark

    @Override
    public void hold(ReplyEnvelope reply, String sagaType, Instant at) {
        throw new UnsupportedOperationException("the benchmark's engine defines every saga type");
    }

    @Override
    public List<UUID> lockSagasWithHeldReplies(Collection<String> types, Collection<UUID> skipped, int limit) {
        return List.of();
    }

    @Override
    public List<HeldReply> of(UUID sagaId) {
        return List.of();
    }

    @Override
    public List<HeldReply> lockOrphans(Collection<String> types, int limit) {
        return List.of();
    }

    @Override
    public void delete(UUID messageId) {
        throw new UnsupportedOperationException("the benchmark's engine defines every saga type");
    }
}
