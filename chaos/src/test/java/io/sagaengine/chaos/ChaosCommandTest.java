package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosCommandTest {

    @Test
    void readsScenarioLoadSeedAndPropertyOverrides() {
        ChaosOptions options = ChaosCommand.parse(List.of("--scenario", "relay-kill", "--sagas", "300", "--rate", "15",
                "--seed", "42", "--set", "orchestrator:saga.order.step-deadline=2m",
                "--set", "payment:outbox.relay.poll-interval=10ms"), Path.of("/project"));

        assertThat(options.scenarios()).containsExactly("relay-kill");
        assertThat(options.sagas()).isEqualTo(300);
        assertThat(options.rate()).isEqualTo(15.0);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.plannedLoad()).hasSeconds(20);
        assertThat(options.serviceProperties()).isEqualTo(Map.of(
                "orchestrator", Map.of("saga.order.step-deadline", "2m"),
                "payment", Map.of("outbox.relay.poll-interval", "10ms")));
    }

    @Test
    void runsTheScenariosListedInTheirOrder() {
        assertThat(ChaosCommand.parse(List.of("--scenario", "slot-lost,rebalance"), Path.of("/p")).scenarios())
                .containsExactly("slot-lost", "rebalance");
    }

    @Test
    void theUsageListsEveryScenarioOnLinesOfAtMostTheWidth() {
        String listed = ChaosCommand.wrapped(Scenarios.NAMES, 40, "  ");

        assertThat(listed.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(42));
        assertThat(listed.replace("\n  ", " ")).isEqualTo(String.join(", ", Scenarios.NAMES));
        assertThat(ChaosCommand.USAGE).contains("listener-stop", "slot-lost");
    }

    @Test
    void runsEveryScenarioByDefault() {
        assertThat(ChaosCommand.parse(List.of(), Path.of("/project")).scenarios()).isEqualTo(Scenarios.NAMES);
    }

    @Test
    void refusesUnknownScenariosServicesAndOptions() {
        assertThatThrownBy(() -> ChaosCommand.parse(List.of("--scenario", "meteor"), Path.of("/p")))
                .hasMessageContaining("No scenario meteor");
        assertThatThrownBy(() -> ChaosCommand.parse(List.of("--set", "billing:x=1"), Path.of("/p")))
                .hasMessageContaining("no service billing");
        assertThatThrownBy(() -> ChaosCommand.parse(List.of("--speed", "9"), Path.of("/p")))
                .hasMessageContaining("unknown option --speed");
    }
}
