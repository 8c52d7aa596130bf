package io.sagaengine.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a chaos run is sized and seeded.
 *
 * @param root              the project's folder (each service's {@code target/*-exec.jar} is run from there)
 * @param scenarios         the scenarios to run, in order
 * @param sagas             orders each scenario places at least (the load goes on until its last fault healed)
 * @param rate              orders per second, offered at a fixed rate whatever the answers (open loop)
 * @param seed              seeds fault moments, durations and the order mix; print it so a failure replays
 * @param repeats           how often a repeated fault happens per scenario (orchestrator kills, idempotency rounds)
 * @param patience          how long to wait, after the load and the faults, until nothing is in flight
 * @param outage            how long the broker (broker-kill) and PostgreSQL (postgres-kill) stay down
 * @param outputDirectory   where the request logs go
 * @param dataDirectory     where the stack keeps its state; null for a temporary folder removed afterwards
 * @param serviceProperties per service (orchestrator, payment, inventory, shipping), Spring properties to set
 */
public record ChaosOptions(Path root, List<String> scenarios, int sagas, double rate, long seed, int repeats,
                           Duration patience, Duration outage, Path outputDirectory, Path dataDirectory,
                           Map<String, Map<String, String>> serviceProperties) {

    public ChaosOptions {
        scenarios = List.copyOf(scenarios);
        for (String scenario : scenarios) {
            Scenarios.named(scenario); // fails early on a typo
        }
        if (sagas < 1 || rate <= 0 || repeats < 1) {
            throw new IllegalArgumentException("sagas >= 1, rate > 0 and repeats >= 1 required");
        }
        Map<String, Map<String, String>> copy = new HashMap<>();
        serviceProperties.forEach((service, properties) -> copy.put(service, Map.copyOf(properties)));
        serviceProperties = Map.copyOf(copy);
    }

    /** Every scenario, 800 orders each at 20 per second, three repeats, a random seed. */
    public static ChaosOptions defaults(Path root) {
        return new ChaosOptions(root, Scenarios.NAMES, 800, 20, System.nanoTime(), 3, Duration.ofMinutes(5),
                Duration.ofSeconds(15), root.resolve("bench/target/chaos"), null, Map.of());
    }

    public ChaosOptions withScenarios(List<String> names) {
        return new ChaosOptions(root, names, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withLoad(int sagas, double rate) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withSeed(long seed) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withRepeats(int repeats) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withPatience(Duration patience) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withOutage(Duration outage) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withDirectories(Path outputDirectory, Path dataDirectory) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    public ChaosOptions withServiceProperties(Map<String, Map<String, String>> serviceProperties) {
        return new ChaosOptions(root, scenarios, sagas, rate, seed, repeats, patience, outage, outputDirectory,
                dataDirectory, serviceProperties);
    }

    /** The planned length of a scenario's load: {@code sagas / rate}. */
    Duration plannedLoad() {
        return Duration.ofMillis(Math.round(sagas * 1000 / rate));
    }
}
