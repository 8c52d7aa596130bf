package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaFinder;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.operations.admin.AdminSagaViews.SagaDetail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live streams of single sagas ({@code GET /admin/sagas/{id}/events}). The engine tells no one when a saga
 * changes, so one shared check, every {@code saga.admin.events.check-interval}, reads the versions of all sagas that
 * have subscribers in one statement by primary key, reads the view of each saga whose version moved once, and sends
 * it to that saga's subscribers only: the database sees one small read per interval whatever the number of open
 * pages, and one view read per change. A stream ends when its saga is finished (or gone).
 */
final class SagaStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SagaStreams.class);

    /**
     * @param checkInterval  how often the versions of the watched sagas are read
     * @param maxSubscribers the most streams open at once on this instance; more are answered 503
     * @param streamTimeout  how long one stream stays open; the browser's EventSource then reconnects
     */
    @ConfigurationProperties("saga.admin.events")
    record Settings(@DefaultValue("500ms") Duration checkInterval, @DefaultValue("200") int maxSubscribers,
                    @DefaultValue("30m") Duration streamTimeout) {
        Settings {
            if (checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("saga.admin.events.check-interval must be positive");
            }
            if (maxSubscribers < 1) {
                throw new IllegalArgumentException("saga.admin.events.max-subscribers must be at least 1");
            }
            if (streamTimeout.isNegative() || streamTimeout.isZero()) {
                throw new IllegalArgumentException("saga.admin.events.stream-timeout must be positive");
            }
        }
    }

    /** Reads the view the admin API answers for a saga; empty for an unknown one. */
    @FunctionalInterface
    interface Views {
        Optional<SagaDetail> read(UUID sagaId);
    }

    /** Reads the current versions of sagas; absent ones do not exist. */
    @FunctionalInterface
    interface Versions {
        Map<UUID, Long> read(Set<UUID> sagaIds);
    }

    private final Versions versions;
    private final Views views;
    private final Settings settings;
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ScheduledExecutorService checker;

    SagaStreams(Versions versions, Views views, Settings settings) {
        this.versions = versions;
        this.views = views;
        this.settings = settings;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saga-admin-streams");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.checkInterval().toMillis();
        checker.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    static SagaStreams of(SagaFinder finder, SagaQueries queries, SagaTypesHere typesHere, AdminReads reads,
                          Settings settings) {
        return new SagaStreams(ids -> reads.read(() -> finder.versions(ids)),
                id -> reads.read(() -> queries.find(id))
                        .map(s -> SagaDetail.of(s, s.definedHere() && typesHere.defines(s.type()))),
                settings);
    }

    /**
     * Opens a stream of the saga: its view now, then each change, until it is finished.
     *
     * @return empty when the saga does not exist
     * @throws Full when {@code saga.admin.events.max-subscribers} streams are open
     */
    Optional<SseEmitter> open(UUID sagaId) {
        if (open.incrementAndGet() > settings.maxSubscribers()) {
            open.decrementAndGet();
            throw new Full(settings.maxSubscribers());
        }
        Subscriber subscriber = new Subscriber(new SseEmitter(settings.streamTimeout().toMillis()));
        try {
            Optional<SagaDetail> now = views.read(sagaId);
            if (now.isEmpty()) {
                subscriber.release();
                return Optional.empty();
            }
            SagaDetail saga = now.get();
            subscriber.emitter.onCompletion(() -> forget(sagaId, subscriber));
            subscriber.emitter.onTimeout(() -> forget(sagaId, subscriber));
            subscriber.emitter.onError(e -> forget(sagaId, subscriber));
            subscriber.send(saga);
            if (saga.status().isTerminal()) {
                subscriber.end();
            } else {
                watch(sagaId, subscriber, saga.version());
            }
            return Optional.of(subscriber.emitter);
        } catch (RuntimeException e) {
            subscriber.release();
            throw e;
        }
    }

    /** How many streams are open on this instance. */
    int subscribers() {
        return open.get();
    }

    private void watch(UUID sagaId, Subscriber subscriber, long version) {
        while (true) {
            Watched saga = watched.computeIfAbsent(sagaId, id -> new Watched(version));
            if (saga.add(subscriber, version)) {
                return;
            }
            // it was finished or left without subscribers meanwhile: watch it afresh
            watched.remove(sagaId, saga);
        }
    }

    private void forget(UUID sagaId, Subscriber subscriber) {
        subscriber.release();
        Watched saga = watched.get(sagaId);
        if (saga != null) {
            saga.remove(subscriber);
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // the next check tries again; a failing database must not end the schedule
            log.warn("Could not check the sagas watched by the admin streams: {}", e.toString());
        }
    }

    /** One round: the versions of every watched saga in one read, then a view read per saga that moved. */
    void check() {
        watched.entrySet().removeIf(e -> e.getValue().closeIfEmpty());
        if (watched.isEmpty()) {
            return;
        }
        Set<UUID> sagaIds = Set.copyOf(watched.keySet());
        Map<UUID, Long> current = versions.read(sagaIds);
        for (UUID sagaId : sagaIds) {
            Watched saga = watched.get(sagaId);
            if (saga == null) {
                continue;
            }
            Long version = current.get(sagaId);
            if (version != null && !saga.movedTo(version)) {
                continue;
            }
            Optional<SagaDetail> view = version == null ? Optional.empty() : views.read(sagaId);
            if (view.isEmpty() || view.get().status().isTerminal()) {
                watched.remove(sagaId, saga);
                saga.close(view.orElse(null));
            } else {
                saga.push(view.get());
            }
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
        endAll();
    }

    /** Ends every open stream; their browsers reconnect (to another instance when this one stops). */
    void endAll() {
        for (UUID sagaId : Set.copyOf(watched.keySet())) {
            Watched saga = watched.remove(sagaId);
            if (saga != null) {
                saga.close(null);
            }
        }
    }

    /** More streams than {@code saga.admin.events.max-subscribers}. */
    static final class Full extends RuntimeException {
        final int max;

        Full(int max) {
            super("more than " + max + " saga streams");
            this.max = max;
        }
    }

    /** One saga and the streams that follow it; {@code seen} is the version they were last sent. */
    private static final class Watched {
        private final List<Subscriber> subscribers = new ArrayList<>();
        private long seen;
        private boolean closed;

        Watched(long seen) {
            this.seen = seen;
        }

        /** False when it was closed meanwhile. */
        synchronized boolean add(Subscriber subscriber, long version) {
            if (closed) {
                return false;
            }
            subscribers.add(subscriber);
            // a newcomer that read an older version than the others were sent gets the current one next round
            seen = Math.min(seen, version);
            return true;
        }

        synchronized void remove(Subscriber subscriber) {
            subscribers.remove(subscriber);
        }

        synchronized boolean closeIfEmpty() {
            closed = closed || subscribers.isEmpty();
            return closed;
        }

        synchronized boolean movedTo(long version) {
            return version > seen;
        }

        void push(SagaDetail saga) {
            List<Subscriber> to;
            synchronized (this) {
                seen = Math.max(seen, saga.version());
                to = List.copyOf(subscribers);
            }
            to.forEach(s -> s.send(saga));
        }

        /** The saga is finished (its last view sent) or gone (null): every stream of it ends. */
        void close(SagaDetail last) {
            List<Subscriber> to;
            synchronized (this) {
                closed = true;
                to = List.copyOf(subscribers);
                subscribers.clear();
            }
            for (Subscriber subscriber : to) {
                if (last != null) {
                    subscriber.send(last);
                }
                subscriber.end();
            }
        }
    }

    /** One open stream: sends only versions newer than it was sent, so a change is never sent twice or backwards. */
    private final class Subscriber {
        private final SseEmitter emitter;
        private final AtomicBoolean counted = new AtomicBoolean(true);
        private long sent = -1;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }

        synchronized void send(SagaDetail saga) {
            if (saga.version() <= sent) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().id(Long.toString(saga.version()))
                        .data(saga, MediaType.APPLICATION_JSON));
                sent = saga.version();
            } catch (IOException | IllegalStateException e) {
                // the client went away: the container completes the stream and forget() follows
                release();
            }
        }

        void end() {
            try {
                emitter.complete();
            } finally {
                release();
            }
        }

        void release() {
            if (counted.compareAndSet(true, false)) {
                open.decrementAndGet();
            }
        }
    }
}
