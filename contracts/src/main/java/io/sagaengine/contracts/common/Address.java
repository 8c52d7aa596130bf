package io.sagaengine.contracts.common;

/** A shipping address; {@code country} is ISO 3166-1 alpha-2. */
public record Address(String name, String line1, String city, String postalCode, String country) {
}
