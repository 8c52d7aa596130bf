package io.sagaengine.service.aot;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AotSwitchesTest {

    private final ClassLoader classLoader = getClass().getClassLoader();

    @Test
    void everyPropertyConditionOfAClassOrBeanMethodIsASwitchRepeatedOrNot() {
        assertThat(AotSwitches.conditionPropertiesUnder("io.sagaengine.service.aot.fixture", classLoader))
                .containsExactly("fixture.boolean", "fixture.names.one", "fixture.names.two", "fixture.on-the-class",
                        "fixture.repeated.first", "fixture.repeated.second");
    }

    @Test
    void theLibrariesConditionsAreFoundWithoutBeingListed() {
        assertThat(AotSwitches.all(classLoader))
                .contains("outbox.relay.enabled", "saga.engine.replies.enabled", "saga.engine.replies.batched",
                        "saga.engine.deadlines.enabled", "saga.security.admin-port")
                .containsAll(AotSwitches.SPRING_BOOT_SWITCHES);
    }

    @Test
    void theAutoConfigurationsConditionsOnTheClassPathAreSwitchesToo() {
        assertThat(AotSwitches.conditionPropertiesOfAutoConfigurations(classLoader))
                // Flyway's switch and Spring Kafka's retry topics, from Spring Boot's auto-configurations
                .contains("spring.flyway.enabled", "spring.kafka.retry.topic.enabled")
                .doesNotContain("spring.datasource.url", "spring.kafka.bootstrap-servers", "server.port");
    }

    @Test
    void settingsAsTheBuildHadThemDifferInNothing() {
        MockEnvironment build = new MockEnvironment().withProperty("outbox.relay.enabled", "true");
        Properties recorded = AotSwitches.record(Set.of("outbox.relay.enabled", "management.server.port"), build);

        MockEnvironment now = new MockEnvironment().withProperty("outbox.relay.enabled", "true")
                .withProperty("spring.datasource.url", "jdbc:postgresql://elsewhere/payment");

        assertThat(AotSwitches.differences(recorded, now)).isEmpty();
    }

    @Test
    void aSwitchSetChangedOrUnsetSinceTheBuildIsADifference() {
        MockEnvironment build = new MockEnvironment().withProperty("outbox.relay.enabled", "true")
                .withProperty("saga.engine.replies.batched", "true");
        Properties recorded = AotSwitches.record(
                Set.of("outbox.relay.enabled", "saga.engine.replies.batched", "management.server.port"), build);

        MockEnvironment now = new MockEnvironment().withProperty("outbox.relay.enabled", "false")
                .withProperty("management.server.port", "9090");

        assertThat(AotSwitches.differences(recorded, now)).containsExactly(
                "management.server.port ('9090' now, unset when built)",
                "outbox.relay.enabled ('false' now, 'true' when built)",
                "saga.engine.replies.batched (unset now, 'true' when built)");
    }
}
