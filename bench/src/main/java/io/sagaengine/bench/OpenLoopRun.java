package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Offers orders at a fixed rate, open loop: every send time is fixed in advance and no send waits for an
 * answer. Each order is followed from {@code POST /orders} to its terminal status by ETag long polls
 * ({@code If-None-Match} with {@code Prefer: wait=N}), never by polling in a loop. Latency runs from the
 * intended send time, so a stalled system or harness cannot hide its own delay (no coordinated omission).
 */
final class OpenLoopRun {

    /**
     * The warm-up raises the offered rate linearly from a tenth of {@code rate} to {@code rate}, so that the
     * services' JIT compilers get to work before the full load arrives (a cold JVM at the full rate falls behind and
     * measures its backlog, not the system); the measured window then offers {@code rate} throughout.
     *
     * @param drainSeconds how long after the last send the run waits for orders to finish
     */
    record Settings(int rate, int warmupSeconds, int seconds, int drainSeconds, int longPollSeconds) {
        int total() {
            return warmupOrders() + rate * seconds;
        }

        int warmupOrders() {
            return (int) (warmupSeconds * (startRate() + rate) / 2.0);
        }

        private double startRate() {
            return rate / 10.0;
        }

        /** When order {@code i} is due, in nanoseconds after the start. */
        long sendOffsetNanos(int i) {
            int warm = warmupOrders();
            if (i < warm) {
                double slope = (rate - startRate()) / warmupSeconds;
                double seconds = slope == 0 ? i / startRate()
                        : (-startRate() + Math.sqrt(startRate() * startRate() + 2 * slope * i)) / slope;
                return (long) (seconds * 1e9);
            }
            return TimeUnit.SECONDS.toNanos(warmupSeconds) + (long) (i - warm) * 1_000_000_000L / rate;
        }
    }

    /** Called on a thread of their own at the start and the end of the measured window. */
    interface Window {
        void started();

        void ended();
    }

    /** Every order of the run, and where the measured window lay. */
    record Outcome(List<TrackedOrder> orders, long windowStartNanos, long windowEndNanos, int seconds) {
        boolean inWindow(long nanos) {
            return nanos >= windowStartNanos && nanos < windowEndNanos;
        }

        List<TrackedOrder> measured() {
            return orders.stream().filter(o -> inWindow(o.intendedNanos)).toList();
        }

        /** Orders that reached their terminal status inside the window, whenever they were sent. */
        long terminalInWindow() {
            return orders.stream().filter(o -> o.terminal() && inWindow(o.terminalNanos)).count();
        }

        long errors() {
            return orders.stream().filter(o -> o.error != null).count();
        }
    }

    private static final long MAX_ORDER_NANOS = TimeUnit.SECONDS.toNanos(180);

    private final SystemHttp http;
    private final Settings settings;
    private final Consumer<String> progress;
    private final AtomicInteger finished = new AtomicInteger();
    private CountDownLatch allFinished;

    OpenLoopRun(SystemHttp http, Settings settings, Consumer<String> progress) {
        this.http = http;
        this.settings = settings;
        this.progress = progress;
    }

    Outcome run(Fixtures fixtures, OrderMix mix, Window window) throws InterruptedException {
        int total = settings.total();
        List<TrackedOrder> orders = new ArrayList<>(total);
        List<Fixtures.PlannedOrder> plans = new ArrayList<>(total);
        List<String> bodies = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            Fixtures.PlannedOrder plan = fixtures.plan(i, mix.next());
            plans.add(plan);
            bodies.add(plan.body());
        }
        allFinished = new CountDownLatch(total);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long windowStart = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(settings.seconds());
        Thread windowThread = new Thread(() -> {
            parkUntil(windowStart);
            window.started();
            parkUntil(windowEnd);
            window.ended();
        }, "bench-window");
        windowThread.start();

        long reportEvery = Math.max(1, settings.rate() * 10L);
        for (int i = 0; i < total; i++) {
            long intended = start + settings.sendOffsetNanos(i);
            parkUntil(intended);
            TrackedOrder order = new TrackedOrder(plans.get(i), intended);
            orders.add(order);
            place(order, bodies.get(i));
            if ((i + 1) % reportEvery == 0) {
                long late = (System.nanoTime() - intended) / 1_000_000;
                progress.accept(String.format("t=%ds: %d sent (sender %d ms behind), %d finished, %d errors",
                        (intended - start) / 1_000_000_000L, i + 1, late, finished.get(), errors(orders)));
            }
        }
        long drainUntil = start + settings.sendOffsetNanos(total)
                + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        allFinished.await(Math.max(0, drainUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (TrackedOrder order : orders) {
            if (!order.finished()) {
                order.error = "not terminal " + settings.drainSeconds() + " s after the last send (last status "
                        + order.status + ")";
            }
        }
        windowThread.join();
        return new Outcome(List.copyOf(orders), windowStart, windowEnd, settings.seconds());
    }

    private static long errors(List<TrackedOrder> orders) {
        return orders.stream().filter(o -> o.error != null).count();
    }

    private void place(TrackedOrder order, String body) {
        order.requests++;
        http.placeOrder(body).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    fail(order, "POST /orders failed: " + cause(failure));
                } else if (response.statusCode() != 202) {
                    fail(order, "POST /orders answered " + response.statusCode() + ": " + shorten(response.body()));
                } else {
                    order.orderId = SystemHttp.JSON.readTree(response.body()).path("orderId").asString();
                    // with the new order's entity tag the first request is already a long poll
                    follow(order, response.headers().firstValue("ETag").orElse(null));
                }
            } catch (RuntimeException e) {
                fail(order, "reading the answer to POST /orders: " + e);
            }
        });
    }

    /** One GET of the order: plain without an ETag, else a long poll until it changes. */
    private void follow(TrackedOrder order, String etag) {
        if (System.nanoTime() - order.intendedNanos > MAX_ORDER_NANOS) {
            fail(order, "still " + order.status + " " + MAX_ORDER_NANOS / 1_000_000_000L + " s after it was sent");
            return;
        }
        order.requests++;
        http.getOrder(order.orderId, etag, settings.longPollSeconds()).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    fail(order, "GET /orders/" + order.orderId + " failed: " + cause(failure));
                } else if (response.statusCode() == 304) {
                    follow(order, etag);
                } else if (response.statusCode() == 200) {
                    read(order, response);
                } else {
                    fail(order, "GET /orders/" + order.orderId + " answered " + response.statusCode() + ": "
                            + shorten(response.body()));
                }
            } catch (RuntimeException e) {
                fail(order, "reading the order: " + e);
            }
        });
    }

    private void read(TrackedOrder order, HttpResponse<String> response) {
        long now = System.nanoTime();
        JsonNode json = SystemHttp.JSON.readTree(response.body());
        String status = json.path("status").asString();
        order.status = status;
        if (status.equals("COMPLETED") || status.equals("CANCELLED")) {
            order.reason = json.path("reason").isNull() ? null : json.path("reason").asString(null);
            order.terminalNanos = now;
            done();
            return;
        }
        String etag = response.headers().firstValue("ETag").orElse(null);
        if (etag == null) {
            fail(order, "GET /orders/" + order.orderId + " has no ETag");
            return;
        }
        follow(order, etag);
    }

    private void fail(TrackedOrder order, String error) {
        order.error = error;
        done();
    }

    private void done() {
        finished.incrementAndGet();
        allFinished.countDown();
    }

    private static void parkUntil(long nanos) {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static String cause(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String shorten(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
