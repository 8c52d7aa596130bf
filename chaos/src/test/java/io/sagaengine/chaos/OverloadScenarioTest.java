package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadScenarioTest {

    @Test
    void p99IsTheNearestRankAndAnUnfinishedOrderIsSlowerThanAny() {
        List<Long> millis = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            millis.add(i);
        }
        assertThat(OverloadScenario.p99(millis)).isEqualTo(198);
        millis.add(Long.MAX_VALUE);
        millis.add(Long.MAX_VALUE);
        millis.add(Long.MAX_VALUE);
        assertThat(OverloadScenario.p99(millis)).isEqualTo(Long.MAX_VALUE);
        assertThat(OverloadScenario.p99(List.of())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void isPartOfTheSuite() {
        assertThat(Scenarios.NAMES).contains("overload");
        assertThat(Scenarios.named("overload").crashes()).isFalse();
    }
}
