package io.sagaengine.inventory;

/** The stock of one SKU: {@code available} can be reserved; {@code reserved} is held by reservations. */
record Stock(String sku, int available, int reserved) {
}
