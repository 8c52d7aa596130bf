package io.sagaengine.chaos;

/** How the workload means an order to end, by how it was built. */
enum Expected {
    COMPLETED,
    PAYMENT_DECLINED,
    OUT_OF_STOCK,
    SHIPPING_UNAVAILABLE;

    boolean matches(String status, String reason) {
        return this == COMPLETED ? "COMPLETED".equals(status)
                : "CANCELLED".equals(status) && name().equals(reason);
    }

    String describe() {
        return this == COMPLETED ? "COMPLETED" : "CANCELLED/" + name();
    }
}
