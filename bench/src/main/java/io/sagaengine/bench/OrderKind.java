package io.sagaengine.bench;

/** The kinds of order the saga bench places, each with the outcome the system must give it. */
enum OrderKind {
    /** A customer with plenty of credit, SKUs with plenty of stock, a served country. */
    HAPPY("happy", "COMPLETED", null),
    /** A customer whose credit limit is below the total. */
    DECLINED("declined", "CANCELLED", "PAYMENT_DECLINED"),
    /** A SKU with no stock: the charge is refunded. */
    OUT_OF_STOCK("oos", "CANCELLED", "OUT_OF_STOCK"),
    /** A country shipping does not serve: the stock is released and the charge refunded. */
    NOT_SHIPPABLE("noship", "CANCELLED", "SHIPPING_UNAVAILABLE");

    private final String label;
    private final String status;
    private final String reason;

    OrderKind(String label, String status, String reason) {
        this.label = label;
        this.status = status;
        this.reason = reason;
    }

    String label() {
        return label;
    }

    String expectedStatus() {
        return status;
    }

    /** The expected cancel reason, or null for a completed order. */
    String expectedReason() {
        return reason;
    }

    static OrderKind byLabel(String label) {
        for (OrderKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown order kind '" + label + "' (happy, declined, oos, noship)");
    }
}
