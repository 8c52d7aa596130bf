package io.sagaengine.engine;

import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import org.springframework.dao.DuplicateKeyException;

import java.time.Instant;
import java.util.ArrayList;
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
 * The engine's ports in memory: sagas, timeline, outbox and inbox, with transactions that undo every write of
 * a failed unit of work, as the database would.
 */
final class InMemorySagaWorld implements SagaStore, Outbox, Inbox, SagaTransactions {

    private Map<UUID, SagaRecord> sagas = new LinkedHashMap<>();
    private List<HistoryEntry> history = new ArrayList<>();
    private List<OutboxMessage> outbox = new ArrayList<>();
    private Set<String> inbox = new LinkedHashSet<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private int depth;

    private record Snapshot(Map<UUID, SagaRecord> sagas, List<HistoryEntry> history, List<OutboxMessage> outbox,
                            Set<String> inbox) {
    }

    private Snapshot snapshot() {
        return new Snapshot(new LinkedHashMap<>(sagas), new ArrayList<>(history), new ArrayList<>(outbox),
                new LinkedHashSet<>(inbox));
    }

    private void restore(Snapshot snapshot) {
        sagas = snapshot.sagas();
        history = snapshot.history();
        outbox = snapshot.outbox();
        inbox = snapshot.inbox();
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
    public boolean update(SagaRecord saga, long expectedVersion) {
        SagaRecord current = sagas.get(saga.id());
        if (current == null || current.version() != expectedVersion) {
            return false;
        }
        sagas.put(saga.id(), saga);
        return true;
    }

    @Override
    public Optional<SagaRecord> find(UUID sagaId) {
        return Optional.ofNullable(sagas.get(sagaId));
    }

    @Override
    public List<SagaRecord> lockDue(Instant now, int limit) {
        return sagas.values().stream()
                .filter(s -> s.deadlineAt() != null && !s.deadlineAt().isAfter(now))
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

    // reading

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
