package io.sagaengine.system;

import io.sagaengine.chaos.ChaosOptions;
import io.sagaengine.chaos.ChaosSuite;
import io.sagaengine.chaos.ScenarioResult;
import io.sagaengine.chaos.Scenarios;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Every chaos scenario, short: the whole system as separate processes under a mixed order load, each part
 * killed, paused or restarted in turn, more instances started and lost; no fault may cost an order (no spurious
 * cancellation), leave one stuck or break an invariant, and the crashes must make the relays deliver duplicates
 * (so deduplication was exercised).
 * {@code -Dchaos.seed=S} replays a run's fault moments.
 */
class ChaosSuiteIT {

    /**
     * Orders each scenario places at least, and how fast: 8 s of load, stretched until the last fault healed (the
     * restarts and joins make most scenarios place 300-800 orders all the same), each repeated fault once. Sixteen
     * scenarios must leave the whole test command under 30 minutes on 2 cores; the longer runs, with repeated
     * faults, are in docs/RELIABILITY.md.
     */
    private static final int SAGAS = 80;
    private static final double RATE = 10;

    @Test
    void faultsCostNoOrders() throws Exception {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        ChaosOptions options = ChaosOptions.defaults(root)
                .withLoad(SAGAS, RATE)
                .withRepeats(1)
                .withPatience(Duration.ofMinutes(4))
                .withSeed(Long.getLong("chaos.seed", System.nanoTime()))
                .withDirectories(root.resolve("system-tests/target/chaos"), null);
        List<ScenarioResult> results = new ArrayList<>();
        List<Long> pids;
        long started = System.nanoTime();
        try (ChaosSuite suite = ChaosSuite.start(options, System.out::println)) {
            for (String scenario : Scenarios.NAMES) {
                results.add(suite.run(scenario));
            }
            pids = suite.pids();
        }
        System.out.printf("ChaosSuiteIT: %d scenarios in %.0f s, seed %d%n", results.size(),
                (System.nanoTime() - started) / 1e9, options.seed());
        results.forEach(r -> System.out.println(r.resultLine()));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> pids.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        SoftAssertions softly = new SoftAssertions();
        for (ScenarioResult result : results) {
            softly.assertThat(result.invariantViolations()).as("invariant violations of %s (seed %d), e.g. %s",
                    result.scenario(), options.seed(), first(result.violations())).isZero();
            softly.assertThat(result.spuriousCancellations()).as("spurious cancellations of %s (seed %d), e.g. %s",
                    result.scenario(), options.seed(), first(result.spurious())).isZero();
            softly.assertThat(result.stuck()).as("orders of %s (seed %d) stuck when the patience ran out, e.g. %s",
                    result.scenario(), options.seed(), first(result.violations())).isZero();
        }
        long duplicates = results.stream().filter(r -> Scenarios.crashes(r.scenario()))
                .mapToLong(ScenarioResult::duplicatesDelivered).sum();
        softly.assertThat(duplicates).as("duplicates delivered in the crash scenarios").isPositive();
        softly.assertAll();
    }

    private static List<String> first(List<String> lines) {
        return lines.subList(0, Math.min(3, lines.size()));
    }
}
