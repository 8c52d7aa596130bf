package io.sagaengine.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code bench/run push --subscribers N --transport ws|sse --rate R --seconds S --warmup W}: the pushed order status
 * under load. Orders are placed at a fixed offered rate (the saga bench's open loop) twice:
 * <ol>
 *   <li>without subscribers: W seconds of warm-up, then {@code --baseline-seconds} (S) measured;</li>
 *   <li>with subscribers: every accepted order gets subscribers (WebSocket {@code /orders/{id}/status} or event
 *       stream {@code /orders/{id}/events}), each ending when its order's final status arrives, so that about N
 *       are connected at once: as many per order as N / (orders accepted per second x a subscriber's mean life),
 *       at most {@code --max-per-order} (or exactly {@code --per-order K}); {@code --push-warmup} seconds, then S
 *       measured.</li>
 * </ol>
 * With {@code --held H}, H orders are first placed and their sagas paused through the admin API, each with one
 * subscriber that stays connected through the second run, so that H subscribers are connected at once whatever the
 * order rate; they are unpaused after it and must then see their orders complete ({@link HeldOrders}).
 * Every subscriber must have seen every change of its order in order, ending with the final status that
 * {@code GET /orders/{id}} answers ({@link PushCheck}). CPU per pushed update is the orchestrator's CPU in the second
 * window less that of the first (same order rate), per update received in it; heap per subscriber is the
 * orchestrator's heap after a full GC ({@code jcmd GC.run}) at the end of the second window less at the end of the
 * first, per subscriber connected at that moment.
 */
final class PushBench {

    private static final int SHOWN_PROBLEMS = 10;

    private final Map<String, String> options;
    private final SystemHttp http;
    private final ProcessCpu cpu;
    private final Long orchestratorPid;
    private final String runId;
    private final Consumer<String> progress;

    PushBench(Map<String, String> options, SystemHttp http, ProcessCpu cpu, Long orchestratorPid, String runId,
              Consumer<String> progress) {
        this.options = options;
        this.http = http;
        this.cpu = cpu;
        this.orchestratorPid = orchestratorPid;
        this.runId = runId;
        this.progress = progress;
    }

    /** One run of orders: the orchestrator's CPU in its window, its heap after GC at the window's end. */
    private record Phase(OpenLoopRun.Outcome outcome, double cpuSeconds, double windowSeconds, double heapMb,
                         int connectedAtHeap, double meanConnected) {
    }

    void run() throws Exception {
        int rate = intOption("rate", 50);
        int target = intOption("subscribers", 2000);
        PushSubscribers.Transport transport = PushSubscribers.Transport.parse(options.getOrDefault("transport", "ws"));
        int warmup = intOption("warmup", 60);
        int seconds = intOption("seconds", 60);
        if (rate < 1 || target < 1 || seconds < 1) {
            throw new IllegalArgumentException("--rate, --subscribers and --seconds must be positive");
        }
        Fixtures fixtures = new Fixtures("p" + runId, options.getOrDefault("country", "DE"),
                options.getOrDefault("noship-country", "JP"));
        OrderMix mix = OrderMix.parse(options.getOrDefault("mix", OrderMix.DEFAULT));
        fixtures.seed(http);

        progress.accept(String.format("push: %d orders/s without subscribers: %d s of warm-up, %d s measured", rate,
                warmup, intOption("baseline-seconds", seconds)));
        Phase without = phase(fixtures, mix, rate, warmup, intOption("baseline-seconds", seconds), null, 0);

        try (PushSubscribers subscribers = new PushSubscribers(http.urls().orders(), transport)) {
            HeldOrders held = new HeldOrders(http, progress);
            int holding = intOption("held", 0);
            if (holding > 0) {
                progress.accept(String.format("push: holding %d orders open (placed and paused at %d/s), one %s "
                        + "subscriber each", holding, intOption("held-rate", rate),
                        transport.name().toLowerCase(Locale.ROOT)));
                held.hold(fixtures, holding, intOption("held-rate", rate), subscribers);
            }
            int pushWarmup = intOption("push-warmup", Math.min(warmup, 30));
            progress.accept(String.format("push: %d orders/s with about %d %s subscribers: %d s of warm-up, %d s "
                    + "measured", rate, target, transport.name().toLowerCase(Locale.ROOT), pushWarmup, seconds));
            Phase with = phase(fixtures, mix, rate, pushWarmup, seconds, subscribers, target);
            int heldCount = held.count();
            held.release();
            awaitEnded(subscribers, intOption("subscriber-drain", 30 + heldCount / 20));
            report(rate, target, transport, without, with, subscribers, heldCount);
        }
    }

    private Phase phase(Fixtures fixtures, OrderMix mix, int rate, int warmup, int seconds,
                        PushSubscribers subscribers, int target) throws Exception {
        OpenLoopRun run = new OpenLoopRun(http, new OpenLoopRun.Settings(rate, warmup, seconds,
                intOption("drain", 60), intOption("long-poll", 20)), progress);
        if (subscribers != null) {
            AcceptedRate accepted = new AcceptedRate();
            run.onAccepted(order -> {
                double perSecond = accepted.record(System.nanoTime());
                for (int i = perOrder(subscribers, Double.isNaN(perSecond) ? rate : perSecond, target); i > 0; i--) {
                    subscribers.subscribe(order.orderId);
                }
            });
        }
        long[] ticks = new long[2];
        long[] nanos = new long[2];
        double[] heap = {Double.NaN};
        int[] connectedAtHeap = {0};
        ConnectedSampler sampler = subscribers == null ? null : new ConnectedSampler(subscribers);
        OpenLoopRun.Outcome outcome = run.run(fixtures, mix,
                new OpenLoopRun.Window() {
                    @Override
                    public void started() {
                        nanos[0] = System.nanoTime();
                        ticks[0] = orchestratorTicks();
                        if (subscribers != null) {
                            subscribers.window(nanos[0], nanos[0] + TimeUnit.SECONDS.toNanos(seconds));
                            sampler.start();
                        }
                    }

                    @Override
                    public void ended() {
                        ticks[1] = orchestratorTicks();
                        nanos[1] = System.nanoTime();
                        if (sampler != null) {
                            sampler.stop();
                            connectedAtHeap[0] = subscribers.connected();
                        }
                        heap[0] = heapAfterGcMb();
                        progress.accept(String.format(Locale.ROOT, "window ended: orchestrator heap after GC %.1f MB"
                                + "%s", heap[0], subscribers == null ? "" : " with " + connectedAtHeap[0]
                                + " subscribers connected"));
                    }
                });
        double cpuSeconds = ticks[0] < 0 || ticks[1] < 0 ? Double.NaN
                : (ticks[1] - ticks[0]) / (double) ProcessCpu.ticksPerSecond();
        return new Phase(outcome, cpuSeconds, (nanos[1] - nanos[0]) / 1e9, heap[0], connectedAtHeap[0],
                sampler == null ? 0 : sampler.mean());
    }

    /**
     * As many subscribers for a new order as keep about {@code target} connected, given how long one lives and how
     * many orders the system accepts per second (fewer than offered while it refuses some).
     */
    private int perOrder(PushSubscribers subscribers, double acceptedPerSecond, int target) {
        if (options.containsKey("per-order")) {
            return Math.max(1, intOption("per-order", 1));
        }
        if (subscribers.open() >= target) {
            return 1;
        }
        double life = subscribers.meanLifetimeSeconds();
        if (Double.isNaN(life) || life <= 0) {
            return 1;
        }
        return perOrder(target, acceptedPerSecond, life, intOption("max-per-order", 100));
    }

    /** {@code target / (rate x life)} rounded up, between 1 and {@code max}. */
    static int perOrder(int target, double rate, double lifeSeconds, int max) {
        return (int) Math.max(1, Math.min(max, Math.ceil(target / (rate * lifeSeconds))));
    }

    private void awaitEnded(PushSubscribers subscribers, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (subscribers.open() > 0 && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (subscribers.open() > 0) {
            progress.accept(subscribers.open() + " subscribers still open " + seconds + " s after the last order "
                    + "ended; they count as not ended");
        }
    }

    private void report(int rate, int target, PushSubscribers.Transport transport, Phase without, Phase with,
                        PushSubscribers subscribers, int held) throws Exception {
        List<PushSubscribers.Subscriber> all = subscribers.subscribers();
        Map<String, PushCheck.Read> reads = readOrders(all);
        long missed = 0;
        long outOfOrder = 0;
        long notFinal = 0;
        long mismatched = 0;
        long refused = 0;
        long failed = 0;
        long unended = 0;
        List<String> problems = new ArrayList<>();
        for (PushSubscribers.Subscriber s : all) {
            PushSubscribers.Ending ending = s.ending();
            if (ending == PushSubscribers.Ending.REFUSED) {
                refused++;
                continue;
            }
            if (ending == null) {
                unended++;
            } else if (ending == PushSubscribers.Ending.FAILED) {
                failed++;
                note(problems, "order " + s.orderId + ": " + s.failure());
            }
            PushCheck.Verdict verdict = PushCheck.check(s.updates(), ending == PushSubscribers.Ending.NORMAL,
                    reads.get(s.orderId));
            missed += verdict.missed();
            outOfOrder += verdict.outOfOrder();
            notFinal += verdict.endedFinal() ? 0 : 1;
            mismatched += verdict.matchesRead() ? 0 : 1;
            if (!verdict.ok() && ending == PushSubscribers.Ending.NORMAL) {
                note(problems, "order " + s.orderId + ": " + verdict.problem() + " (received " + s.updates()
                        + ", read " + reads.get(s.orderId) + ")");
            }
        }
        problems.forEach(p -> progress.accept("subscriber problem: " + p));

        long updates = subscribers.receivedInWindow();
        double updatesPerSecond = updates / with.windowSeconds();
        double cpuPerUpdateTotal = updates == 0 ? Double.NaN : with.cpuSeconds() * 1e6 / updates;
        double extraCpu = with.cpuSeconds() - without.cpuSeconds() / without.windowSeconds() * with.windowSeconds();
        double cpuPerUpdate = updates == 0 ? Double.NaN : extraCpu * 1e6 / updates;
        double heapPerSubscriberKb = with.connectedAtHeap() == 0 ? Double.NaN
                : (with.heapMb() - without.heapMb()) * 1024 / with.connectedAtHeap();
        Histogram latency = subscribers.latency();
        long orderErrors = with.outcome().errors() + without.outcome().errors();

        progress.accept(String.format(Locale.ROOT, "subscribers: %d opened, connected at once max %d, mean %.0f in "
                        + "the window (target %d; a subscriber lived %.2f s on average)", all.size(),
                subscribers.maxConnected(), with.meanConnected(), target, subscribers.meanLifetimeSeconds()));
        progress.accept(String.format(Locale.ROOT, "updates: %d received in all, %d in the %.1f s window (%.0f/s)",
                subscribers.received(), updates, with.windowSeconds(), updatesPerSecond));
        progress.accept(String.format(Locale.ROOT, "push latency (order updatedAt -> received), ms: n=%d p50 %.1f "
                        + "p90 %.1f p99 %.1f p99.9 %.1f max %.1f", latency.getTotalCount(), ms(latency, 50),
                ms(latency, 90), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1000.0));
        Histogram after = subscribers.latencyAfterWindow();
        progress.accept(String.format(Locale.ROOT, "push latency after the window (held orders let go, the drain), "
                        + "ms: n=%d p50 %.1f p99 %.1f max %.1f", after.getTotalCount(), ms(after, 50), ms(after, 99),
                after.getMaxValue() / 1000.0));
        progress.accept(String.format(Locale.ROOT, "orchestrator CPU: %.2f s in %.1f s without subscribers, %.2f s in "
                        + "%.1f s with them", without.cpuSeconds(), without.windowSeconds(), with.cpuSeconds(),
                with.windowSeconds()));
        progress.accept(String.format(Locale.ROOT, "orchestrator heap after GC: %.1f MB without subscribers, %.1f MB "
                + "with %d connected", without.heapMb(), with.heapMb(), with.connectedAtHeap()));
        progress.accept(String.format("checks: %d missed, %d out of order, %d not ended with a final status, %d whose "
                        + "last update differs from GET /orders/{id}, %d refused (1013/503), %d failed, %d not ended; "
                        + "%d order errors", missed, outOfOrder, notFinal, mismatched, refused, failed,
                unended, orderErrors));
        System.out.printf(Locale.ROOT, "RESULT push transport=%s rate=%d/s subscribers=%d held=%d opened=%d "
                        + "connected_max=%d "
                        + "connected_mean=%.0f updates=%d updates_per_s=%.1f missed=%d out_of_order=%d not_final=%d "
                        + "mismatched=%d refused=%d failed=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
                        + "cpu_us_per_update=%.1f cpu_us_per_update_total=%.1f heap_kb_per_subscriber=%.1f "
                        + "order_errors=%d%n", transport.name().toLowerCase(Locale.ROOT), rate, target, held,
                all.size(),
                subscribers.maxConnected(), with.meanConnected(), updates, updatesPerSecond, missed, outOfOrder,
                notFinal, mismatched, refused, failed, ms(latency, 50), ms(latency, 99),
                latency.getMaxValue() / 1000.0, cpuPerUpdate, cpuPerUpdateTotal, heapPerSubscriberKb, orderErrors);
    }

    /** {@code GET /orders/{id}} of every subscribed order, a few at a time: its status and its version (ETag). */
    private Map<String, PushCheck.Read> readOrders(List<PushSubscribers.Subscriber> all) {
        Set<String> ids = new LinkedHashSet<>();
        all.forEach(s -> ids.add(s.orderId));
        progress.accept("reading " + ids.size() + " subscribed orders back");
        Map<String, PushCheck.Read> reads = new HashMap<>();
        List<String> batch = new ArrayList<>();
        for (String id : ids) {
            batch.add(id);
            if (batch.size() == 32) {
                readBatch(batch, reads);
                batch.clear();
            }
        }
        readBatch(batch, reads);
        return reads;
    }

    private void readBatch(List<String> ids, Map<String, PushCheck.Read> reads) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String id : ids) {
            pending.add(http.getOrder(id, null, 0).thenAccept(response -> {
                if (response.statusCode() == 200) {
                    String status = SystemHttp.JSON.readTree(response.body()).path("status").asString();
                    long version = response.headers().firstValue("ETag").map(PushBench::version).orElse(-1L);
                    synchronized (reads) {
                        reads.put(id, new PushCheck.Read(status, version));
                    }
                }
            }).exceptionally(failure -> null));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** The version in an entity tag such as {@code "2"} or {@code W/"2"}; -1 when there is none. */
    static long version(String etag) {
        String digits = etag.replaceFirst("^W/", "").replace("\"", "").trim();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private long orchestratorTicks() {
        if (orchestratorPid == null) {
            return -1;
        }
        return ProcessCpu.treeTicks(orchestratorPid, cpu.snapshot()).orElse(-1);
    }

    /** A full GC in the orchestrator ({@code jcmd PID GC.run}), then its used heap; NaN without its pid. */
    private double heapAfterGcMb() {
        if (orchestratorPid == null) {
            return Double.NaN;
        }
        try {
            Path javaHome = Path.of(System.getProperty("java.home"));
            Path jcmd = javaHome.resolve("bin").resolve("jcmd");
            Process gc = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                    Long.toString(orchestratorPid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroy();
                progress.accept("jcmd GC.run failed on the orchestrator (pid " + orchestratorPid + ")");
                return Double.NaN;
            }
            String metrics = http.operatorText(http.urls().orders(), "/actuator/prometheus", Duration.ofSeconds(30))
                    .get(30, TimeUnit.SECONDS);
            long used = HeapSampler.heapUsed(metrics);
            return used < 0 ? Double.NaN : used / 1024.0 / 1024.0;
        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            progress.accept("heap after GC not read: " + e);
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < SHOWN_PROBLEMS) {
            problems.add(problem);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    /** Orders accepted per second, over the last {@value #ORDERS} accepted. */
    static final class AcceptedRate {
        static final int ORDERS = 64;
        private final java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();

        /** Records an order accepted at {@code nanos}; answers the rate, NaN until two were accepted. */
        synchronized double record(long nanos) {
            times.addLast(nanos);
            if (times.size() > ORDERS) {
                times.removeFirst();
            }
            long span = nanos - times.peekFirst();
            return times.size() < 2 || span <= 0 ? Double.NaN : (times.size() - 1) * 1e9 / span;
        }
    }

    /** Samples how many subscribers are connected, every 100 ms, while the window lasts. */
    private static final class ConnectedSampler {
        private final PushSubscribers subscribers;
        private final Thread thread;
        private volatile boolean stopped;
        private long sum;
        private long samples;

        ConnectedSampler(PushSubscribers subscribers) {
            this.subscribers = subscribers;
            this.thread = new Thread(this::sample, "bench-push-connected");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void sample() {
            while (!stopped) {
                synchronized (this) {
                    sum += subscribers.connected();
                    samples++;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }

        synchronized double mean() {
            return samples == 0 ? 0 : sum / (double) samples;
        }
    }
}
