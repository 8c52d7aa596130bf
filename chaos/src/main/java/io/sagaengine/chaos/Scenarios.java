package io.sagaengine.chaos;

import java.util.List;
import java.util.function.Supplier;

/** The scenarios by name, in the order a full run takes them. */
public final class Scenarios {

    private record Entry(String name, Supplier<Scenario> factory) {
    }

    private static final List<Entry> TABLE = List.of(
            new Entry("orchestrator-kill", OrchestratorKill::new),
            new Entry("participant-kill", ParticipantKill::new),
            new Entry("relay-kill", RelayKill::new),
            new Entry("broker-kill", BrokerKill::new),
            new Entry("broker-pause", BrokerPause::new),
            new Entry("postgres-kill", PostgresKill::new),
            new Entry("duplicator", DuplicatorScenario::new),
            new Entry("poison", PoisonScenario::new),
            new Entry("idempotency", IdempotencyScenario::new),
            new Entry("rebalance", Rebalance::new),
            new Entry("scale-out-identical", ScaleOutIdentical::new),
            new Entry("participant-fleet", ParticipantFleet::new),
            new Entry("rolling-restart", RollingRestart::new),
            new Entry("listener-stop", ListenerStop::new),
            new Entry("slot-lost", SlotLost::new),
            new Entry("overload", OverloadScenario::new));

    public static final List<String> NAMES = TABLE.stream().map(Entry::name).toList();

    private Scenarios() {
    }

    static Scenario named(String name) {
        return TABLE.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No scenario " + name + "; scenarios: " + NAMES))
                .factory().get();
    }

    /** Whether the scenario's faults are crashes, after which relays deliver duplicates. */
    public static boolean crashes(String name) {
        return named(name).crashes();
    }
}
