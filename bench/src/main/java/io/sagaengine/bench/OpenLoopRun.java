package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Offers orders at a fixed rate, open loop: every send time is fixed in advance and no send waits for an
 * answer. Each order is followed from {@code POST /orders} to its terminal status by ETag long polls
 * ({@code If-None-Match} with {@code Prefer: wait=N}), never by polling in a loop. Latency runs from the
 * intended send time, so a stalled system or harness cannot hide its own delay (no coordinated omission).
 * An order refused with {@code 503} or {@code 429} is counted as refused and never sent again (sending it again
 * would change the offered load); a long poll answered {@code 503} is asked again after its {@code Retry-After}.
 */
final class OpenLoopRun {

    /**
     * The warm-up raises the offered rate linearly from a tenth of {@code rate} to {@code rate}, so that the
     * services' JIT compilers get to work before the full load arrives (a cold JVM at the full rate falls behind and
     * measures its backlog, not the system); the measured window then offers {@code rate} throughout.
     *
     * @param drainSeconds how long after the last send the run waits for orders to finish
     */
    record Settings(int rate, int warmupSeconds, int seconds, int drainSeconds, int longPollSeconds)
            implements Schedule {
        @Override
        public int total() {
            return warmupOrders() + rate * seconds;
        }

        int warmupOrders() {
            return (int) (warmupSeconds * (startRate() + rate) / 2.0);
        }

        private double startRate() {
            return rate / 10.0;
        }

        @Override
        public long sendOffsetNanos(int i) {
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

    /** When each order of a run is due. */
    interface Schedule {
        int total();

        /** When order {@code i} is due, in nanoseconds after the start; {@code i == total()} is the end. */
        long sendOffsetNanos(int i);
    }

    /** Called on a thread of their own at the start and the end of the measured window. */
    interface Window {
        void started();

        void ended();
    }

    /** Every order of the run, when it started and where the measured window lay. */
    record Outcome(List<TrackedOrder> orders, long startNanos, long windowStartNanos, long windowEndNanos,
                   int seconds) {
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

        /**
         * Orders that reached their terminal status from {@code fromNanos} (inclusive) to {@code toNanos}
         * ({@link System#nanoTime()}), whenever they were sent: the sagas behind CPU sampled over that span, which
         * can be shorter than the window when taking the first sample was delayed (starting the profiler).
         */
        long terminalBetween(long fromNanos, long toNanos) {
            return orders.stream().filter(o -> o.terminal() && o.terminalNanos >= fromNanos && o.terminalNanos < toNanos)
                    .count();
        }

        long errors() {
            return orders.stream().filter(o -> o.error != null).count();
        }

        /** Orders the system refused ({@code 503} or {@code 429} on {@code POST /orders}); none was sent again. */
        long refused() {
            return orders.stream().filter(o -> o.refused).count();
        }
    }

    private static final long MAX_ORDER_NANOS = TimeUnit.SECONDS.toNanos(180);

    /** When a {@code 503} or {@code 429} carries no usable {@code Retry-After}. */
    private static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

    private final SystemHttp http;
    private final Schedule schedule;
    private final int windowStartSeconds;
    private final int windowSeconds;
    private final int drainSeconds;
    private final int longPollSeconds;
    private final Consumer<String> progress;
    private final AtomicInteger pollRefusals = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private CountDownLatch allFinished;
    private Consumer<TrackedOrder> accepted = order -> { };

    OpenLoopRun(SystemHttp http, Settings settings, Consumer<String> progress) {
        this(http, settings, settings.warmupSeconds(), settings.seconds(), settings.drainSeconds(),
                settings.longPollSeconds(), progress);
    }

    /**
     * @param windowStartSeconds where the measured window starts, in seconds after the first send
     * @param drainSeconds       how long after the last send the run waits for orders to finish
     */
    OpenLoopRun(SystemHttp http, Schedule schedule, int windowStartSeconds, int windowSeconds, int drainSeconds,
                int longPollSeconds, Consumer<String> progress) {
        this.http = http;
        this.schedule = schedule;
        this.windowStartSeconds = windowStartSeconds;
        this.windowSeconds = windowSeconds;
        this.drainSeconds = drainSeconds;
        this.longPollSeconds = longPollSeconds;
        this.progress = progress;
    }

    /** Called with each order the system accepted ({@code 202}), as soon as its id is known. */
    OpenLoopRun onAccepted(Consumer<TrackedOrder> listener) {
        this.accepted = listener;
        return this;
    }

    /** Long polls answered {@code 503} (the system's cap on waiting polls) and asked again after Retry-After. */
    int pollRefusals() {
        return pollRefusals.get();
    }

    Outcome run(Fixtures fixtures, OrderMix mix, Window window) throws InterruptedException {
        int total = schedule.total();
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
        long windowStart = start + TimeUnit.SECONDS.toNanos(windowStartSeconds);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(windowSeconds);
        Thread windowThread = new Thread(() -> {
            parkUntil(windowStart);
            window.started();
            parkUntil(windowEnd);
            window.ended();
        }, "bench-window");
        windowThread.start();

        long reported = 0;
        for (int i = 0; i < total; i++) {
            long intended = start + schedule.sendOffsetNanos(i);
            parkUntil(intended);
            TrackedOrder order = new TrackedOrder(plans.get(i), intended);
            orders.add(order);
            place(order, bodies.get(i));
            long tenSeconds = (intended - start) / 10_000_000_000L;
            if (tenSeconds > reported) {
                reported = tenSeconds;
                long late = (System.nanoTime() - intended) / 1_000_000;
                progress.accept(String.format("t=%ds: %d sent (sender %d ms behind), %d finished, %d refused, "
                        + "%d errors", (intended - start) / 1_000_000_000L, i + 1, late, finished.get(),
                        count(orders, o -> o.refused), count(orders, o -> o.error != null)));
            }
        }
        long drainUntil = start + schedule.sendOffsetNanos(total) + TimeUnit.SECONDS.toNanos(drainSeconds);
        allFinished.await(Math.max(0, drainUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        for (TrackedOrder order : orders) {
            if (!order.finished()) {
                order.error = "not terminal " + drainSeconds + " s after the last send (last status "
                        + order.status + ")";
            }
        }
        windowThread.join();
        return new Outcome(List.copyOf(orders), start, windowStart, windowEnd, windowSeconds);
    }

    private static long count(List<TrackedOrder> orders, Predicate<TrackedOrder> which) {
        return orders.stream().filter(which).count();
    }

    private void place(TrackedOrder order, String body) {
        order.requests++;
        http.placeOrder(body).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    fail(order, "POST /orders failed: " + cause(failure));
                } else if (refusal(response.statusCode())) {
                    // open loop: a refused order is counted, never sent again (that would change the offered load)
                    order.refused = true;
                    order.status = Integer.toString(response.statusCode());
                    done();
                } else if (response.statusCode() != 202) {
                    fail(order, "POST /orders answered " + response.statusCode() + ": " + shorten(response.body()));
                } else {
                    order.orderId = SystemHttp.JSON.readTree(response.body()).path("orderId").asString();
                    accepted.accept(order);
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
        http.getOrder(order.orderId, etag, longPollSeconds).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    fail(order, "GET /orders/" + order.orderId + " failed: " + cause(failure));
                } else if (response.statusCode() == 304) {
                    follow(order, etag);
                } else if (response.statusCode() == 503) {
                    // the system caps waiting long polls: ask again when it says, as a client should
                    pollRefusals.incrementAndGet();
                    CompletableFuture.delayedExecutor(retryAfterSeconds(response), TimeUnit.SECONDS)
                            .execute(() -> follow(order, etag));
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
        if (order.error != null) {
            return; // given up at the end of the drain: it stays unfinished, as the invariant check saw it
        }
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

    /** What the system answers when it sheds load: {@code 503} (overloaded) or {@code 429} (this client). */
    static boolean refusal(int status) {
        return status == 503 || status == 429;
    }

    /** {@code Retry-After} in seconds (an HTTP date or a bad value counts as the default); at least 0. */
    static long retryAfterSeconds(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(OpenLoopRun::retryAfterSeconds)
                .orElse(DEFAULT_RETRY_AFTER_SECONDS);
    }

    static long retryAfterSeconds(String header) {
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
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
