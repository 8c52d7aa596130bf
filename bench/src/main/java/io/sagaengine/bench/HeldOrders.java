package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Orders held open so that their subscribers stay connected, as apps stay on an order that takes its time: each is
 * placed and its saga paused at once through the admin API (support's pause), so the order stays {@code PENDING},
 * with one subscriber, until {@link #release()} unpauses it and it completes. A saga that finished before its pause
 * reached it is not held and gets no subscriber.
 */
final class HeldOrders {

    /** Held orders are planned from this index on, apart from the open loop's. */
    private static final int FIRST_INDEX = 1_000_000;
    private static final int IN_FLIGHT = 8;
    private static final int ATTEMPTS = 5;
    private static final long BUSY_BACKOFF_MS = 500;
    private static final String PAUSE = "{\"reason\":\"bench: held open for its subscriber\"}";
    private static final String UNPAUSE = "{\"reason\":\"bench: let go after the measured window\"}";

    private final SystemHttp http;
    private final Consumer<String> progress;
    private final List<String> sagaIds = new ArrayList<>();
    private final AtomicInteger notHeld = new AtomicInteger();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    HeldOrders(SystemHttp http, Consumer<String> progress) {
        this.http = http;
        this.progress = progress;
    }

    /** Orders held now. */
    synchronized int count() {
        return sagaIds.size();
    }

    int notHeld() {
        return notHeld.get();
    }

    /**
     * Places and pauses orders at {@code rate} a second until {@code target} are held (at most twice as many are
     * tried), then waits up to a minute for their subscribers to connect.
     */
    void hold(Fixtures fixtures, int target, int rate, PushSubscribers subscribers) throws InterruptedException {
        long started = System.nanoTime();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
        long next = System.nanoTime();
        long nextReport = next + TimeUnit.SECONDS.toNanos(10);
        for (int tried = 0; tried < 2 * target && count() + (IN_FLIGHT - inFlight.availablePermits()) < target;
             tried++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += interval;
            inFlight.acquire();
            holdOne(fixtures.plan(FIRST_INDEX + tried, OrderKind.HAPPY).body(), subscribers)
                    .whenComplete((ignored, failure) -> inFlight.release());
            if (System.nanoTime() - nextReport >= 0) {
                nextReport += TimeUnit.SECONDS.toNanos(10);
                progress.accept(String.format("held: %d of %d, %d not held, %d subscribers connected", count(), target,
                        notHeld(), subscribers.connected()));
            }
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (subscribers.connected() < count() && System.nanoTime() - until < 0) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        progress.accept(String.format(Locale.ROOT, "held: %d orders paused in %.1f s, %d not held%s; %d subscribers "
                        + "connected", count(), (System.nanoTime() - started) / 1e9, notHeld(),
                lastProblem.get() == null ? "" : " (last: " + lastProblem.get() + ")", subscribers.connected()));
    }

    private CompletableFuture<Void> holdOne(String body, PushSubscribers subscribers) {
        return http.placeOrder(body).thenCompose(placed -> {
            if (placed.statusCode() != 202) {
                return notHeld("POST /orders answered " + placed.statusCode());
            }
            JsonNode accepted = SystemHttp.JSON.readTree(placed.body());
            String orderId = accepted.path("orderId").asString();
            String sagaId = accepted.path("sagaId").asString();
            return act(sagaId, "pause", PAUSE, ATTEMPTS).thenCompose(paused -> {
                if (paused.statusCode() != 200) {
                    return notHeld("pause answered " + paused.statusCode() + ": " + paused.body());
                }
                synchronized (this) {
                    sagaIds.add(sagaId);
                }
                subscribers.subscribe(orderId);
                return CompletableFuture.completedFuture(null);
            });
        }).exceptionallyCompose(failure -> notHeld(failure.toString()));
    }

    /**
     * An operator action on the saga at the version read just before (the admin API wants {@code If-Match}); when
     * the saga moved on meanwhile (412), read and try again at once; when the admin API is too busy (503), again
     * after a moment; a few times in all.
     */
    private CompletableFuture<HttpResponse<String>> act(String sagaId, String action, String body, int attempts) {
        String path = "/admin/sagas/" + sagaId;
        CompletableFuture<HttpResponse<String>> once = http.operatorGet(http.urls().orders(), path).thenCompose(saga ->
                http.operatorPost(http.urls().orders(), path + "/" + action, saga.path("version").asLong(), body));
        return once.handle((response, failure) -> {
            if (attempts <= 1) {
                return once;
            }
            if (failure != null) { // the read failed: the admin API too busy, say
                return again(sagaId, action, body, attempts, BUSY_BACKOFF_MS);
            }
            return switch (response.statusCode()) {
                case 412 -> again(sagaId, action, body, attempts, 0);
                case 503 -> again(sagaId, action, body, attempts, BUSY_BACKOFF_MS);
                default -> once;
            };
        }).thenCompose(next -> next);
    }

    private CompletableFuture<HttpResponse<String>> again(String sagaId, String action, String body, int attempts,
                                                          long delayMillis) {
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> act(sagaId, action, body, attempts - 1));
    }

    private CompletableFuture<Void> notHeld(String why) {
        notHeld.incrementAndGet();
        lastProblem.set(why);
        return CompletableFuture.completedFuture(null);
    }

    /** Unpauses every held order, a few at a time; they go on and complete. */
    void release() throws InterruptedException {
        List<String> held;
        synchronized (this) {
            held = List.copyOf(sagaIds);
            sagaIds.clear();
        }
        if (held.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicInteger refused = new AtomicInteger();
        for (String sagaId : held) {
            inFlight.acquire();
            act(sagaId, "unpause", UNPAUSE, ATTEMPTS)
                    .handle((HttpResponse<String> response, Throwable failure) -> {
                        if (failure != null || response.statusCode() != 200) {
                            refused.incrementAndGet();
                            lastProblem.set(failure != null ? failure.toString()
                                    : "unpause answered " + response.statusCode() + ": " + response.body());
                        }
                        inFlight.release();
                        return null;
                    });
        }
        inFlight.acquire(IN_FLIGHT);
        progress.accept(String.format(Locale.ROOT, "held: %d orders unpaused in %.1f s, %d refused%s", held.size()
                - refused.get(), (System.nanoTime() - started) / 1e9, refused.get(), refused.get() == 0 ? ""
                : " (last: " + lastProblem.get() + ")"));
    }
}
