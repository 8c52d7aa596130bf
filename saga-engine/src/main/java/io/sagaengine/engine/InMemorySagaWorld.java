package io.sagaengine.engine;

import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import org.springframework.dao.DuplicateKeyException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The engine's ports in memory: sagas, timeline, outbox, inbox and held replies, with transactions that undo every
 * write of a failed unit of work, as the database would. It does what the JDBC ports do short of I/O: a saga's
 * steps are kept as the JSON column holds them (written on insert and on an update that changes them, read back on
 * every read, as {@link JdbcSagaStore} does), and a transition's commands are written as its column would be.
 * Engines of different builds may share one world, as instances share a database; it runs one unit of work at a
 * time, so no lock is ever contended. Behind {@link InMemorySagaEngine}: the test kit's scenarios and the engine
 * benchmark both run on it.
 */
final class InMemorySagaWorld implements SagaStore, Outbox, Inbox, SagaTransactions, HeldReplies {

    private final SagaJson json = new SagaJson();
    private Map<UUID, SagaRecord> sagas = new LinkedHashMap<>();
    /** Each saga's steps as its JSON column holds them. */
    private Map<UUID, String> stepColumns = new LinkedHashMap<>();
    private List<HistoryEntry> history = new ArrayList<>();
    private List<OutboxMessage> outbox = new ArrayList<>();
    private Set<String> inbox = new LinkedHashSet<>();
    private List<HeldReply> held = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private int depth;

    private record Snapshot(Map<UUID, SagaRecord> sagas, Map<UUID, String> stepColumns, List<HistoryEntry> history,
                            List<OutboxMessage> outbox, Set<String> inbox, List<HeldReply> held) {
    }

    private Snapshot snapshot() {
        return new Snapshot(new LinkedHashMap<>(sagas), new LinkedHashMap<>(stepColumns), new ArrayList<>(history),
                new ArrayList<>(outbox), new LinkedHashSet<>(inbox), new ArrayList<>(held));
    }

    private void restore(Snapshot snapshot) {
        sagas = snapshot.sagas();
        stepColumns = snapshot.stepColumns();
        history = snapshot.history();
        outbox = snapshot.outbox();
        inbox = snapshot.inbox();
        held = snapshot.held();
    }

    // transactions

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (depth > 0) {
            return work.get();
        }
        afterCommit = new ArrayList<>();
        T result = inSavepoint(work);
        List<Runnable> committed = afterCommit;
        afterCommit = new ArrayList<>();
        committed.forEach(Runnable::run);
        return result;
    }

    @Override
    public <T> T inSavepoint(Supplier<T> work) {
        Snapshot before = snapshot();
        int pending = afterCommit.size();
        depth++;
        try {
            return work.get();
        } catch (RuntimeException e) {
            restore(before);
            afterCommit.subList(pending, afterCommit.size()).clear();
            throw e;
        } finally {
            depth--;
        }
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

    // store

    @Override
    public void insert(SagaRecord saga) {
        if (sagas.putIfAbsent(saga.id(), saga) != null) {
            throw new DuplicateKeyException("saga " + saga.id() + " exists");
        }
        stepColumns.put(saga.id(), json.writeSteps(saga.steps()));
    }

    @Override
    public boolean update(SagaRecord before, SagaRecord after) {
        SagaRecord current = sagas.get(after.id());
        if (current == null || current.version() != before.version()) {
            return false;
        }
        sagas.put(after.id(), after);
        // as JdbcSagaStore leaves an unchanged steps column out of the update
        if (!after.steps().equals(before.steps())) {
            stepColumns.put(after.id(), json.writeSteps(after.steps()));
        }
        return true;
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        return Optional.ofNullable(sagas.get(sagaId)).map(this::read);
    }

    @Override
    public Optional<SagaRecord> lock(UUID sagaId) {
        return find(sagaId);
    }

    /** The saga as a read returns it: its steps as they come back from the JSON column. */
    private SagaRecord read(SagaRecord saga) {
        return saga.withSteps(json.readSteps(stepColumns.get(saga.id())));
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, Set<SagaVersion> versions, int limit) {
        return sagas.values().stream()
                .filter(s -> s.deadlineAt() != null && !s.deadlineAt().isAfter(now) && versions.contains(s.definition())
                        && !s.paused())
                .sorted(Comparator.comparing(SagaRecord::deadlineAt))
                .limit(limit)
                .map(this::read)
                .toList();
    }

    @Override
    public boolean migrate(SagaRecord before, SagaRecord after) {
        SagaRecord current = sagas.get(after.id());
        if (current == null || current.version() != before.version()) {
            return false;
        }
        sagas.put(after.id(), after);
        stepColumns.put(after.id(), json.writeSteps(after.steps()));
        return true;
    }

    @Override
    public void append(List<HistoryEntry> entries) {
        for (HistoryRow row : HistoryRow.of(entries)) {
            json.writeCommands(row.commandColumn()); // fails here as it would in JdbcSagaStore
        }
        history.addAll(entries);
    }

    // outbox

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

    // inbox

    @Override
    public boolean markProcessed(String consumer, UUID messageId) {
        requireTransaction("inbox outside a transaction");
        return inbox.add(consumer + "/" + messageId);
    }

    @Override
    public boolean processOnce(String consumer, UUID messageId, Runnable effect) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect) {
        throw new UnsupportedOperationException();
    }

    // held replies

    @Override
    public void hold(ReplyEnvelope reply, String sagaType, Instant at) {
        if (held.stream().noneMatch(h -> h.reply().messageId().equals(reply.messageId()))) {
            held.add(new HeldReply(reply, sagaType, at));
        }
    }

    @Override
    public List<UUID> lockSagasWithHeldReplies(Set<SagaVersion> versions, Collection<UUID> skipped, int limit) {
        return sagas.values().stream()
                .filter(s -> versions.contains(s.definition()) && !skipped.contains(s.id()) && !s.paused())
                .filter(s -> held.stream().anyMatch(h -> h.reply().sagaId().equals(s.id())))
                .sorted(Comparator.comparing(SagaRecord::startedAt).thenComparing(SagaRecord::id))
                .map(SagaRecord::id)
                .limit(limit)
                .toList();
    }

    @Override
    public List<HeldReply> of(UUID sagaId) {
        return held.stream().filter(h -> h.reply().sagaId().equals(sagaId)).toList();
    }

    @Override
    public List<HeldReply> lockOrphans(Collection<String> types, int limit) {
        return held.stream().filter(h -> types.contains(h.sagaType()) && !sagas.containsKey(h.reply().sagaId()))
                .limit(limit).toList();
    }

    @Override
    public void delete(UUID messageId) {
        held.removeIf(h -> h.reply().messageId().equals(messageId));
    }

    // reading

    List<HeldReply> held() {
        return List.copyOf(held);
    }

    /** Deletes a saga as the retention purge would, its history and held replies too. */
    void purge(UUID sagaId) {
        sagas.remove(sagaId);
        stepColumns.remove(sagaId);
        history.removeIf(h -> h.sagaId().equals(sagaId));
        held.removeIf(h -> h.reply().sagaId().equals(sagaId));
    }

    SagaRecord saga(UUID id) {
        SagaRecord saga = sagas.get(id);
        if (saga == null) {
            throw new AssertionError("no saga " + id);
        }
        return saga;
    }

    List<HistoryEntry> history(UUID sagaId) {
        return history.stream().filter(h -> h.sagaId().equals(sagaId)).toList();
    }

    List<OutboxMessage> outbox() {
        return List.copyOf(outbox);
    }

    int outboxSize() {
        return outbox.size();
    }

    int historySize() {
        return history.size();
    }

    /** The stored saga's status, without reading its steps. */
    Optional<SagaStatus> status(UUID sagaId) {
        return Optional.ofNullable(sagas.get(sagaId)).map(SagaRecord::status);
    }

    /** Forgets everything, as a new empty database would. */
    void clear() {
        sagas.clear();
        stepColumns.clear();
        history.clear();
        outbox.clear();
        inbox.clear();
        held.clear();
    }
}
