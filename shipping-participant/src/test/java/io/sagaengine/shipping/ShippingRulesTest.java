package io.sagaengine.shipping;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ShippingRulesTest {

    @Test
    void servesTheConfiguredCountriesWhateverTheCase() {
        ServedCountries served = new ServedCountries(List.of("de", " FR ", ""));
        assertThat(served.serves("DE")).isTrue();
        assertThat(served.serves("fr")).isTrue();
        assertThat(served.serves("US")).isFalse();
        assertThat(served.serves("")).isFalse();
        assertThat(served.serves(null)).isFalse();
    }

    @Test
    void trackingNumbersHaveTheirFormatAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String number = TrackingNumbers.next();
            assertThat(number).matches("TRK-[A-Z2-9]{12}");
            assertThat(seen.add(number)).isTrue();
        }
    }

    @Test
    void defaultServedCountries() {
        ShippingProperties defaults = new ShippingProperties(List.of("DE", "FR", "NL", "AT", "BE", "US", "GB"));
        assertThat(new ServedCountries(defaults.servedCountries()).serves("GB")).isTrue();
    }
}
