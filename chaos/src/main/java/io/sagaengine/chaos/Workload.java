package io.sagaengine.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Places orders at a fixed rate whatever the answers (open loop), for at least the planned time and until
 * told to stop, at the orchestrator instances it is told to use. A request without an answer (timeout, connection error), with a 5xx or with a 409 (the same
 * key still being handled) is sent again later with the same key and body, until it gets a definitive
 * answer or the retry deadline passes. A refusal ({@code 503} or {@code 429}: the system shedding load) is asked
 * again no sooner than its {@code Retry-After}; orders of a {@link #burst} are not asked again after a refusal.
 */
final class Workload implements AutoCloseable {

    static final String SOURCE = "workload";
    static final String BURST_SOURCE = "burst";

    private final Api api;
    private final OrderPlanner planner;
    private final RequestLog log;
    private final double rate;
    private final Duration minimum;
    private final Map<String, PlacedOrder> orders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "chaos-workload");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch sendingDone = new CountDownLatch(1);
    private final AtomicInteger turn = new AtomicInteger();
    private volatile List<String> targets = List.of(ChaosStack.ORCHESTRATOR);
    private volatile Instant startedAt;
    private volatile Instant stopAt;
    private volatile Instant retryDeadline = Instant.MAX;
    private ScheduledFuture<?> ticks;

    Workload(Api api, OrderPlanner planner, RequestLog log, double rate, Duration minimum) {
        this.api = api;
        this.planner = planner;
        this.log = log;
        this.rate = rate;
        this.minimum = minimum;
    }

    void start() {
        startedAt = Instant.now();
        ticks = scheduler.scheduleAtFixedRate(this::tick, 0, Math.round(1e9 / rate), TimeUnit.NANOSECONDS);
    }

    Instant startedAt() {
        return startedAt;
    }

    /** When the planned load time is over. */
    Instant plannedEnd() {
        return startedAt.plus(minimum);
    }

    private void tick() {
        Instant now = Instant.now();
        Instant stop = stopAt;
        if (stop != null && !now.isBefore(stop) && !now.isBefore(plannedEnd())) {
            ticks.cancel(false);
            sendingDone.countDown();
            return;
        }
        PlacedOrder order = new PlacedOrder(planner.next());
        orders.put(order.plan().key(), order);
        send(order, 1);
    }

    private void send(PlacedOrder order, int attempt) {
        Instant sentAt = Instant.now();
        order.sending(sentAt);
        long start = System.nanoTime();
        api.placeOrder(nextTarget(), order.plan().key(), order.plan().body()).thenAccept(answer -> {
            log.record(order.plan().key(), attempt, order.refusalFinal() ? BURST_SOURCE : SOURCE, sentAt,
                    (System.nanoTime() - start) / 1_000_000, answer);
            order.answered(answer);
            if (answer.definitive() || order.refusedForGood()) {
                return;
            }
            Duration backoff = Duration.ofMillis(Math.min(5_000, 500L << Math.min(attempt - 1, 4)));
            if (answer.refused() && answer.retryAfterSeconds().isPresent()) {
                backoff = max(backoff, Duration.ofSeconds(answer.retryAfterSeconds().getAsLong()));
            }
            if (Instant.now().plus(backoff).isAfter(retryDeadline)) {
                order.giveUp();
            } else {
                scheduler.schedule(() -> send(order, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Places {@code rate} orders per second for {@code duration} on top of the steady load, open loop, and returns
     * when the last one was sent (not answered). A refused order of the burst is not asked again (it sheds load with
     * the system); one without an answer is, like any.
     *
     * @return the burst's orders
     */
    List<PlacedOrder> burst(double rate, Duration duration) throws InterruptedException {
        int count = (int) Math.round(rate * duration.toMillis() / 1000.0);
        List<PlacedOrder> burst = new CopyOnWriteArrayList<>();
        CountDownLatch sent = new CountDownLatch(count);
        ScheduledFuture<?> sending = scheduler.scheduleAtFixedRate(() -> {
            if (sent.getCount() == 0) {
                return;
            }
            PlacedOrder order = new PlacedOrder(planner.next(), true);
            orders.put(order.plan().key(), order);
            burst.add(order);
            send(order, 1);
            sent.countDown();
        }, 0, Math.round(1e9 / rate), TimeUnit.NANOSECONDS);
        try {
            sent.await(duration.toMillis() * 3 + 10_000, TimeUnit.MILLISECONDS);
        } finally {
            sending.cancel(false);
        }
        return List.copyOf(burst);
    }

    /** Requests the system refused ({@code 503}/{@code 429}) so far, every attempt counted. */
    long refusals() {
        return orders.values().stream().mapToLong(PlacedOrder::refusals).sum();
    }

    /**
     * Spreads the requests (retries included) over these orchestrator instances in turn, as a load balancer
     * would; the first instance alone by default.
     */
    void sendTo(List<String> instances) {
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("no instance to send to");
        }
        targets = List.copyOf(instances);
    }

    private String nextTarget() {
        List<String> current = targets;
        return current.get(Math.floorMod(turn.getAndIncrement(), current.size()));
    }

    /** Stops placing new orders {@code tail} from now, but not before the planned load time is over. */
    void stopAfter(Duration tail) {
        stopAt = Instant.now().plus(tail);
    }

    boolean awaitSendingDone(Duration within) throws InterruptedException {
        return sendingDone.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests still unanswered after {@code deadline} are given up (and reported). */
    void retryUntil(Instant deadline) {
        retryDeadline = deadline;
    }

    /** Orders placed by others (e.g. the idempotency probe) that the checks must cover too. */
    void track(PlacedOrder order) {
        orders.put(order.plan().key(), order);
    }

    List<PlacedOrder> orders() {
        return List.copyOf(orders.values());
    }

    long unsettled() {
        return orders.values().stream().filter(o -> !o.settled()).count();
    }

    Set<String> sagaIds() {
        return orders.values().stream().map(PlacedOrder::sagaId).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        sendingDone.countDown();
    }
}
