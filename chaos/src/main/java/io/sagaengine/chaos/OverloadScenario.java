package io.sagaengine.chaos;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A burst of {@value #BURST_RATE} orders/s for {@value #BURST_SECONDS} s on top of the steady load, about twice what
 * the stack completes on 2 cores, then the steady load alone. The system must shed what it cannot take: refuse
 * orders with {@code 503} (or {@code 429}) and {@code Retry-After} (at least one refusal), store nothing for a
 * refused order (the common checks: no order row for a key that was only ever refused), finish every order it
 * accepted (stuck=0, the invariants), log no {@code OutOfMemoryError}, and serve normally again within
 * {@link #RECOVER_WITHIN} after the burst: the orders placed from then on finish with p99 at most
 * {@link #NORMAL_P99}. A refused burst order is not sent again (it sheds load with the system); steady orders are,
 * after {@code Retry-After}.
 */
final class OverloadScenario implements Scenario {

    static final int BURST_RATE = 150;
    static final int BURST_SECONDS = 10;
    static final Duration RECOVER_WITHIN = Duration.ofSeconds(30);
    /** How long the steady load goes on after {@link #RECOVER_WITHIN} to measure it (plus the runner's tail). */
    static final Duration MEASURED = Duration.ofSeconds(5);
    static final Duration NORMAL_P99 = Duration.ofSeconds(2);
    private static final int BUCKET_SECONDS = 5;

    private final LogMarks logs = new LogMarks();
    private final List<Path> logFiles = new ArrayList<>();
    private List<PlacedOrder> burst = List.of();
    private Instant burstEnd;

    @Override
    public String name() {
        return "overload";
    }

    @Override
    public void prepare(ScenarioContext context) {
        burst = List.of();
        burstEnd = null;
        logFiles.clear();
        logFiles.add(context.stack().service(ChaosStack.ORCHESTRATOR).logFile());
        for (String participant : ChaosStack.PARTICIPANTS) {
            logFiles.add(context.stack().service(participant).logFile());
        }
        logFiles.forEach(logs::mark);
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(2, 4);
        context.injected("a burst of %d orders/s for %d s on top of the steady load", BURST_RATE, BURST_SECONDS);
        burst = context.workload().burst(BURST_RATE, Duration.ofSeconds(BURST_SECONDS));
        burstEnd = Instant.now();
        context.progress("burst sent: %d orders; answers so far %s", burst.size(), outcomes(burst));
        context.hold(RECOVER_WITHIN.plus(MEASURED));
        context.healed("steady load alone for %d s after the burst; burst answers %s",
                RECOVER_WITHIN.plus(MEASURED).toSeconds(), outcomes(burst));
    }

    private static Map<String, Long> outcomes(List<PlacedOrder> orders) {
        return orders.stream().map(o -> {
            List<Api.Answer> answers = o.answers();
            return answers.isEmpty() ? "none" : answers.get(answers.size() - 1).outcome();
        }).collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) throws Exception {
        if (burstEnd == null) {
            return; // the fault script failed and said why
        }
        long refusedBurst = burst.stream().filter(PlacedOrder::refusedForGood).count();
        long refusals = context.workload().refusals();
        context.progress("%d of %d burst orders refused for good; %d refusals in all (503/429 to POST /orders)",
                refusedBurst, burst.size(), refusals);
        if (refusals == 0) {
            findings.violation("OVERLOAD", "no POST /orders was refused (503 or 429 with Retry-After) during a "
                    + "burst of " + BURST_RATE + " orders/s, about twice what the stack completes");
        }
        for (Path log : logFiles) {
            List<String> errors = logs.linesSinceMark(log, List.of("OutOfMemoryError"));
            if (!errors.isEmpty()) {
                findings.violation("OOM", log.getFileName() + " logged " + errors.size()
                        + " lines with OutOfMemoryError, e.g. " + errors.get(0));
            }
        }
        checkRecovered(context, evidence, findings);
    }

    /** p99 of the steady orders placed from {@link #RECOVER_WITHIN} after the burst: first send to terminal. */
    private void checkRecovered(ScenarioContext context, Evidence evidence, Findings findings) throws SQLException {
        List<PlacedOrder> steady = evidence.placed().stream()
                .filter(o -> !o.refusalFinal() && o.firstSentAt() != null && o.firstSentAt().isAfter(burstEnd))
                .toList();
        Map<String, Instant> terminal = terminalTimes(context, steady.stream().map(o -> o.plan().key()).toList());
        Map<Long, List<Long>> byBucket = new TreeMap<>();
        List<Long> measured = new ArrayList<>();
        Instant normalFrom = burstEnd.plus(RECOVER_WITHIN);
        for (PlacedOrder order : steady) {
            Instant end = terminal.get(order.plan().key());
            long millis = end == null ? Long.MAX_VALUE : Math.max(0, Duration.between(order.firstSentAt(), end).toMillis());
            long bucket = Duration.between(burstEnd, order.firstSentAt()).toSeconds() / BUCKET_SECONDS;
            byBucket.computeIfAbsent(bucket, b -> new ArrayList<>()).add(millis);
            if (!order.firstSentAt().isBefore(normalFrom)) {
                measured.add(millis);
            }
        }
        byBucket.forEach((bucket, millis) -> context.progress("steady orders placed %d-%d s after the burst: %d, "
                + "p99 %s", bucket * BUCKET_SECONDS, (bucket + 1) * BUCKET_SECONDS, millis.size(), describe(p99(millis))));
        long p99 = p99(measured);
        context.progress("after %d s: %d steady orders, p99 %s (normal: at most %d ms)", RECOVER_WITHIN.toSeconds(),
                measured.size(), describe(p99), NORMAL_P99.toMillis());
        if (measured.isEmpty() || p99 > NORMAL_P99.toMillis()) {
            findings.violation("OVERLOAD", "the orders placed " + RECOVER_WITHIN.toSeconds() + " s or more after the "
                    + "burst (" + measured.size() + ") finished with p99 " + describe(p99) + ", more than "
                    + NORMAL_P99.toMillis() + " ms");
        }
    }

    /** Nearest-rank p99 in milliseconds; {@code Long.MAX_VALUE} for an order that never finished or no orders. */
    static long p99(List<Long> millis) {
        if (millis.isEmpty()) {
            return Long.MAX_VALUE;
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    }

    private static String describe(long millis) {
        return millis == Long.MAX_VALUE ? "unfinished" : millis + " ms";
    }

    /** When each terminal order of these keys reached its status (its row's last update). */
    private static Map<String, Instant> terminalTimes(ScenarioContext context, List<String> keys) throws SQLException {
        Map<String, Instant> times = new HashMap<>();
        try (Connection c = context.stack().connect("orders"); PreparedStatement s = c.prepareStatement(
                "SELECT idempotency_key, updated_at FROM orders WHERE idempotency_key = ANY(?) AND status <> 'PENDING'")) {
            Array array = c.createArrayOf("varchar", keys.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    times.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return times;
    }
}
