package io.sagaengine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code bench/run saga --overload --capacity R}: the system offered more than it can take, open loop.
 * <ul>
 *   <li>{@code cold-start}: from the first second after {@code READY} (no warm-up), {@code --cold-fraction} (0.6)
 *       of the capacity for {@code --cold-seconds} (120); goodput per 10-s bucket and when it reached 90% of the
 *       offered rate for good ({@code reached_s}).</li>
 *   <li>{@code sustained}: the warm-up ramp to the capacity ({@code --warmup}, 60 s), the capacity for
 *       {@code --baseline-seconds} (30, its p99 is the normal latency), {@code --overload-factor} (2) times the
 *       capacity for {@code --overload-seconds} (120), then {@code --recovery-rate} (half the capacity) for
 *       {@code --recovery-seconds} (60); when the p99 of accepted orders per 5-s bucket came back to normal for
 *       good ({@code recovery_s}).</li>
 * </ul>
 * A refused order ({@code 503} or {@code 429} on {@code POST /orders}) is counted and not sent again; a long poll
 * answered {@code 503} is asked again after its {@code Retry-After}. Both scenarios run by default, the cold start
 * first (on a system the bench started itself it is the first traffic after {@code READY}).
 */
final class OverloadBench {

    static final List<String> SCENARIOS = List.of("cold-start", "sustained");
    private static final int SUSTAINED_BUCKET_SECONDS = 5;
    private static final int COLD_BUCKET_SECONDS = 10;
    /** Goodput "reaches" the offered rate at this share of it (the 90% of capacity under overload). */
    private static final double REACHED_FRACTION = 0.9;
    /** The floor of "normal" latency: below it, twice a very short p99 would be noise. */
    private static final double MIN_NORMAL_P99_MS = 250;
    /** The ceiling of "normal" latency: the p99 accepted orders must keep even under overload. */
    private static final double MAX_NORMAL_P99_MS = 2000;
    /** The p99 below which find-max calls a rate sustained: a baseline above it was not at capacity but beyond. */
    private static final double SUSTAINED_P99_MS = 1000;

    private final Map<String, String> options;
    private final SystemHttp http;
    private final List<Path> serviceLogs;
    private final boolean freshStack;
    private final Consumer<String> progress;
    private final String runId;
    private int step;

    /**
     * @param serviceLogs the services' log files, searched for {@code OutOfMemoryError}; empty if not reachable
     * @param freshStack  whether the system was just started by the bench (and saw no traffic yet)
     */
    OverloadBench(Map<String, String> options, SystemHttp http, List<Path> serviceLogs, boolean freshStack,
                  String runId, Consumer<String> progress) {
        this.options = options;
        this.http = http;
        this.serviceLogs = List.copyOf(serviceLogs);
        this.freshStack = freshStack;
        this.runId = runId;
        this.progress = progress;
    }

    /** Which scenarios {@code --overload [NAME[,NAME]]} asks for: both when given as a bare flag. */
    static List<String> scenarios(String value) {
        if (value == null || value.equals("true") || value.equals("all")) {
            return SCENARIOS;
        }
        List<String> chosen = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!SCENARIOS.contains(name.trim())) {
                throw new IllegalArgumentException("--overload: no scenario " + name + "; scenarios: " + SCENARIOS);
            }
            chosen.add(name.trim());
        }
        // the cold start needs the system before any other traffic
        return SCENARIOS.stream().filter(chosen::contains).toList();
    }

    void run() throws Exception {
        if (!options.containsKey("capacity")) {
            throw new IllegalArgumentException("--overload needs --capacity R: the highest sustained rate "
                    + "bench/run saga --find-max found on this machine");
        }
        List<String> scenarios = scenarios(options.get("overload"));
        try (HeapSampler heap = new HeapSampler(http, Duration.ofSeconds(2), progress).start()) {
            for (String scenario : scenarios) {
                if (scenario.equals("cold-start")) {
                    coldStart(heap);
                } else {
                    sustained(heap);
                }
            }
        }
    }

    private void coldStart(HeapSampler heap) throws Exception {
        double capacity = doubleOption("capacity", 0);
        int rate = Math.max(1, (int) Math.round(capacity * doubleOption("cold-fraction", 0.6)));
        int seconds = intOption("cold-seconds", 120);
        if (!freshStack) {
            progress.accept("cold-start: the system was not started by the bench; it may have served traffic already");
        }
        RatePhases schedule = new RatePhases(List.of(RatePhases.Phase.constant("cold", rate, seconds)));
        Run run = run("cold-start", schedule, 0, seconds, heap);
        List<OverloadFigures.Stretch> buckets = run.figures().buckets(0, seconds, COLD_BUCKET_SECONDS);
        progress.accept(String.format(Locale.ROOT, "cold-start: goodput per %d-s bucket (offered %d/s from the first "
                + "second; reached = %.0f%% of it, in that bucket and every later one):", COLD_BUCKET_SECONDS, rate,
                REACHED_FRACTION * 100));
        buckets.forEach(b -> progress.accept("  " + bucketLine(b, heap, run.startNanos())));
        OptionalDouble reached = OverloadFigures.reachedSeconds(buckets, rate, REACHED_FRACTION);
        result("cold-start", run, run.figures().stretch(0, seconds), heap,
                "reached_s=" + seconds(reached));
    }

    private void sustained(HeapSampler heap) throws Exception {
        double capacity = doubleOption("capacity", 0);
        int warmup = intOption("warmup", 60);
        int baseline = intOption("baseline-seconds", 30);
        int overload = intOption("overload-seconds", 120);
        int recovery = intOption("recovery-seconds", 60);
        double overloadRate = capacity * doubleOption("overload-factor", 2);
        double recoveryRate = doubleOption("recovery-rate", capacity / 2);
        List<RatePhases.Phase> phases = new ArrayList<>();
        if (warmup > 0) {
            phases.add(new RatePhases.Phase("warm-up", capacity / 10, capacity, warmup));
        }
        phases.add(RatePhases.Phase.constant("baseline", capacity, baseline));
        phases.add(RatePhases.Phase.constant("overload", overloadRate, overload));
        phases.add(RatePhases.Phase.constant("recovery", recoveryRate, recovery));
        RatePhases schedule = new RatePhases(phases);
        int overloadStart = schedule.startSeconds("overload");
        Run run = run("sustained", schedule, overloadStart, overload, heap);
        OverloadFigures figures = run.figures();
        OverloadFigures.Stretch before = figures.stretch(schedule.startSeconds("baseline"), baseline);
        double normal = options.containsKey("normal-p99-ms") ? doubleOption("normal-p99-ms", 0)
                : Math.min(MAX_NORMAL_P99_MS, Math.max(MIN_NORMAL_P99_MS, 2 * before.p99()));
        progress.accept(String.format(Locale.ROOT, "sustained: before the overload (%.1f/s for %d s): p50 %.1f ms, "
                + "p99 %.1f ms; normal latency = p99 at most %.1f ms (twice that p99, at least %.0f ms, at most "
                + "%.0f ms)", capacity, baseline, before.p50(), before.p99(), normal, MIN_NORMAL_P99_MS,
                MAX_NORMAL_P99_MS));
        if (!(before.p99() < SUSTAINED_P99_MS) || before.refused() > 0) {
            progress.accept(String.format(Locale.ROOT, "sustained: WARNING the baseline was not sustained (p99 %.1f ms, "
                    + "%d refused): --capacity %.1f/s is more than this machine takes now; the overload was more than "
                    + "%.1f times its capacity", before.p99(), before.refused(), capacity,
                    doubleOption("overload-factor", 2)));
        }
        int recoveryStart = schedule.startSeconds("recovery");
        progress.accept("sustained: per " + SUSTAINED_BUCKET_SECONDS + "-s bucket from the baseline on (t after the "
                + "first send; overload from t=" + overloadStart + " s, recovery from t=" + recoveryStart + " s):");
        figures.buckets(schedule.startSeconds("baseline"), baseline + overload + recovery, SUSTAINED_BUCKET_SECONDS)
                .forEach(b -> progress.accept("  " + bucketLine(b, heap, run.startNanos())));
        OptionalDouble recovered = OverloadFigures.recoverySeconds(
                figures.buckets(recoveryStart, recovery, SUSTAINED_BUCKET_SECONDS), normal);
        result("sustained", run, figures.stretch(overloadStart, overload), heap,
                String.format(Locale.ROOT, "recovery_s=%s normal_p99_ms=%.1f", seconds(recovered), normal));
    }

    private record Run(OpenLoopRun.Outcome outcome, OverloadFigures figures, List<String> violations, long oom,
                       int pollRefusals, long endNanos) {
        long startNanos() {
            return outcome.startNanos();
        }
    }

    private Run run(String scenario, RatePhases schedule, int windowStart, int windowSeconds, HeapSampler heap)
            throws Exception {
        step++;
        Fixtures fixtures = new Fixtures("o" + runId + "-" + step, options.getOrDefault("country", "DE"),
                options.getOrDefault("noship-country", "JP"));
        Map<String, Integer> initialStock = fixtures.seed(http);
        OrderMix mix = OrderMix.parse(options.getOrDefault("mix", OrderMix.DEFAULT));
        long oomBefore = oomLines();
        progress.accept(scenario + ": offering " + schedule + " (" + schedule.total() + " orders, mix " + mix
                + "); refused orders are not sent again");
        OpenLoopRun loop = new OpenLoopRun(http, schedule, windowStart, windowSeconds, intOption("drain", 60),
                intOption("long-poll", 20), progress);
        OpenLoopRun.Outcome outcome = loop.run(fixtures, mix, new OpenLoopRun.Window() {
            @Override
            public void started() {
            }

            @Override
            public void ended() {
            }
        });
        long end = System.nanoTime();
        List<TrackedOrder> accepted = outcome.orders().stream().filter(TrackedOrder::accepted).toList();
        progress.accept(scenario + ": checking invariants I1-I4 for the " + accepted.size() + " accepted orders");
        List<String> violations = InvariantCheck.run(http, accepted, initialStock);
        outcome.orders().stream().filter(o -> o.error != null).limit(10).forEach(o -> progress.accept(
                "error: order " + o.plan.index() + " (" + o.plan.kind().label() + ", id " + o.orderId + "): " + o.error));
        violations.stream().limit(20).forEach(v -> progress.accept("violation: " + v));
        return new Run(outcome, new OverloadFigures(outcome.orders(), outcome.startNanos()), violations,
                oomLines() - oomBefore, loop.pollRefusals(), end);
    }

    private void result(String scenario, Run run, OverloadFigures.Stretch measured, HeapSampler heap, String last) {
        OptionalDouble maxHeap = heap.maxUsedMb(run.startNanos(), run.endNanos());
        long errors = run.outcome().errors();
        progress.accept(String.format(Locale.ROOT, "%s: %d long polls answered 503 and asked again after Retry-After; "
                + "%d errors (not refusals); %d accepted orders unfinished", scenario, run.pollRefusals(), errors,
                measured.unfinished()));
        System.out.printf(Locale.ROOT, "RESULT overload scenario=%s offered_per_s=%.1f accepted_per_s=%.1f "
                        + "refused_per_s=%.1f completed_per_s=%.1f p50_ms=%.1f p99_ms=%.1f max_heap_used_mb=%s oom=%s "
                        + "invariant_violations=%d %s errors=%d%n", scenario, measured.perSecond(measured.offered()),
                measured.perSecond(measured.accepted()), measured.perSecond(measured.refused()), measured.goodput(),
                measured.p50(), measured.p99(), maxHeap.isPresent() ? String.format(Locale.ROOT, "%.0f",
                        maxHeap.getAsDouble()) : "n/a", serviceLogs.isEmpty() ? "n/a" : Long.toString(run.oom()),
                run.violations().size(), last, errors);
    }

    private static String bucketLine(OverloadFigures.Stretch b, HeapSampler heap, long startNanos) {
        OptionalDouble heapMb = heap.maxUsedMb(startNanos + (long) (b.fromSeconds() * 1e9),
                startNanos + (long) ((b.fromSeconds() + b.seconds()) * 1e9));
        return String.format(Locale.ROOT, "t=%4.0fs offered %6.1f/s accepted %6.1f/s refused %6.1f/s completed "
                        + "%6.1f/s  p50 %8.1f ms  p99 %8.1f ms  unfinished %d  heap %s MB", b.fromSeconds(),
                b.perSecond(b.offered()), b.perSecond(b.accepted()), b.perSecond(b.refused()), b.goodput(), b.p50(),
                b.p99(), b.unfinished(), heapMb.isPresent() ? String.format(Locale.ROOT, "%.0f", heapMb.getAsDouble())
                        : "n/a");
    }

    private static String seconds(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.0f", value.getAsDouble()) : "none";
    }

    /** Lines mentioning {@code OutOfMemoryError} in the services' logs now. */
    private long oomLines() {
        long count = 0;
        for (Path log : serviceLogs) {
            if (!Files.isRegularFile(log)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                count += lines.filter(line -> line.contains("OutOfMemoryError")).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private double doubleOption(String name, double fallback) {
        return Double.parseDouble(options.getOrDefault(name, Double.toString(fallback)));
    }
}
