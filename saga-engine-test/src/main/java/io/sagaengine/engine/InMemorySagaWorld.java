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
 * write of a failed unit of work, as the database would. Engines of different builds may share one world, as
 * instances share a database; it runs one unit of work at a time, so no lock is ever contended.
 */
final class InMemorySagaWorld implements SagaStore, Outbox, Inbox, SagaTransactions, HeldReplies {

    private Map<UUID, SagaRecord> sagas = new LinkedHashMap<>();
    private List<HistoryEntry> history = new ArrayList<>();
    private List<OutboxMessage> outbox = new ArrayList<>();
    private Set<String> inbox = new LinkedHashSet<>();
    private List<HeldReply> held = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private int depth;

    private record Snapshot(Map<UUID, SagaRecord> sagas, List<HistoryEntry> history, List<OutboxMessage> outbox,
                            Set<String> inbox, List<HeldReply> held) {
    }

    private Snapshot snapshot() {
        return new Snapshot(new LinkedHashMap<>(sagas), new ArrayList<>(history), new ArrayList<>(outbox),
                new LinkedHashSet<>(inbox), new ArrayList<>(held));
    }

    private void restore(Snapshot snapshot) {
        sagas = snapshot.sagas();
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
    }

    @Override
    public boolean update(SagaRecord before, SagaRecord after) {
        SagaRecord current = sagas.get(after.id());
        if (current == null || current.version() != before.version()) {
            return false;
        }
        sagas.put(after.id(), after);
        return true;
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        return Optional.ofNullable(sagas.get(sagaId));
    }

    @Override
    public Optional<SagaRecord> lock(UUID sagaId) {
        return find(sagaId);
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, Collection<String> types, int limit) {
        return sagas.values().stream()
                .filter(s -> s.deadlineAt() != null && !s.deadlineAt().isAfter(now) && types.contains(s.type())
                        && !s.paused())
                .sorted(Comparator.comparing(SagaRecord::deadlineAt))
                .limit(limit)
                .toList();
    }

    @Override
    public void append(List<HistoryEntry> entries) {
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
    public List<UUID> lockSagasWithHeldReplies(Collection<String> types, Collection<UUID> skipped, int limit) {
        return sagas.values().stream()
                .filter(s -> types.contains(s.type()) && !skipped.contains(s.id()) && !s.paused())
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
}
