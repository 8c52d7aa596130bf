package io.sagaengine.shipping;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The countries shipments can go to, compared without regard to case. */
final class ServedCountries {

    private final Set<String> countries;

    ServedCountries(Collection<String> countries) {
        this.countries = countries.stream()
                .map(String::trim)
                .filter(c -> !c.isEmpty())
                .map(c -> c.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean serves(String country) {
        return country != null && countries.contains(country.trim().toUpperCase(Locale.ROOT));
    }
}
