package io.sagaengine.shipping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Settings of the shipping participant ({@code shipping.*}).
 *
 * @param servedCountries ISO 3166-1 alpha-2 codes of the countries shipments can go to
 */
@ConfigurationProperties("shipping")
record ShippingProperties(@DefaultValue({"DE", "FR", "NL", "AT", "BE", "US", "GB"}) List<String> servedCountries) {
}
