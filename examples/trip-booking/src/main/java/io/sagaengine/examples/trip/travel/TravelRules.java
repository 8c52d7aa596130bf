package io.sagaengine.examples.trip.travel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Set;

/**
 * The desks' business rules ({@code travel.*}), deterministic so tests and demos can drive every path.
 *
 * @param noFlightsTo destinations no flight goes to
 * @param maxNights   the longest hotel stay
 * @param carClasses  the car classes for rent
 */
@ConfigurationProperties("travel")
record TravelRules(@DefaultValue("Atlantis") Set<String> noFlightsTo, @DefaultValue("14") int maxNights,
                   @DefaultValue({"ECONOMY", "COMPACT"}) Set<String> carClasses) {
}
