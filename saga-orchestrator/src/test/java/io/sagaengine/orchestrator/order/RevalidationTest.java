package io.sagaengine.orchestrator.order;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RevalidationTest {

    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void theEntityTagIsTheQuotedVersion() {
        assertThat(Revalidation.entityTag(7)).isEqualTo("\"7\"");
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertThat(Revalidation.matches(List.of("\"7\""), 7)).isTrue();
        assertThat(Revalidation.matches(List.of("W/\"7\""), 7)).isTrue();
        assertThat(Revalidation.matches(List.of("\"5\", \"7\""), 7)).isTrue();
        assertThat(Revalidation.matches(List.of("\"5\"", "\"7\""), 7)).isTrue();
        assertThat(Revalidation.matches(List.of("*"), 7)).isTrue();
        assertThat(Revalidation.matches(List.of("\"6\""), 7)).isFalse();
        assertThat(Revalidation.matches(List.of("\"77\""), 7)).isFalse();
        assertThat(Revalidation.matches(List.of("7"), 7)).isFalse();
        assertThat(Revalidation.matches(List.of(), 7)).isFalse();
    }

    @Test
    void readsTheWaitPreference() {
        assertThat(Revalidation.waitPreference(List.of("wait=10"), MAX)).contains(Duration.ofSeconds(10));
        assertThat(Revalidation.waitPreference(List.of("respond-async, wait=5"), MAX)).contains(Duration.ofSeconds(5));
        assertThat(Revalidation.waitPreference(List.of("handling=lenient", "Wait = \"3\""), MAX)).contains(Duration.ofSeconds(3));
        assertThat(Revalidation.waitPreference(List.of("wait=4;foo=bar"), MAX)).contains(Duration.ofSeconds(4));
        assertThat(Revalidation.waitPreference(List.of("wait=0"), MAX)).contains(Duration.ZERO);
    }

    @Test
    void capsTheWait() {
        assertThat(Revalidation.waitPreference(List.of("wait=31"), MAX)).contains(MAX);
        assertThat(Revalidation.waitPreference(List.of("wait=99999999999999999999"), MAX)).contains(MAX);
    }

    @Test
    void ignoresWhatItDoesNotUnderstand() {
        assertThat(Revalidation.waitPreference(List.of(), MAX)).isEmpty();
        assertThat(Revalidation.waitPreference(List.of("respond-async"), MAX)).isEmpty();
        assertThat(Revalidation.waitPreference(List.of("wait=-1"), MAX)).isEmpty();
        assertThat(Revalidation.waitPreference(List.of("wait=soon"), MAX)).isEqualTo(Optional.empty());
        assertThat(Revalidation.waitPreference(List.of("wait"), MAX)).isEmpty();
    }

    @Test
    void reportsTheAppliedWaitInSeconds() {
        assertThat(Revalidation.preferenceApplied(Duration.ofSeconds(30))).isEqualTo("wait=30");
    }
}
