package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A validated order request, before it has an id. */
record NewOrder(String customerId, String currency, List<OrderLine> lines, Address shippingAddress) {

    NewOrder {
        lines = List.copyOf(lines);
    }

    /** The sum of quantity times unit price, with two decimals. */
    BigDecimal total() {
        return OrderLine.totalOf(lines).setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * SHA-256 (hex) of the request's canonical form: its fields in a fixed order, prices with two decimals.
     * Two bodies that differ only in layout, property order, unknown properties or the way a price is
     * written ({@code 19.9}, {@code "19.90"}) describe the same order and have the same fingerprint.
     */
    String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        field(canonical, customerId);
        field(canonical, currency);
        canonical.append(lines.size()).append('|');
        for (OrderLine line : lines) {
            field(canonical, line.sku());
            field(canonical, Integer.toString(line.quantity()));
            field(canonical, line.unitPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        }
        field(canonical, shippingAddress.name());
        field(canonical, shippingAddress.line1());
        field(canonical, shippingAddress.city());
        field(canonical, shippingAddress.postalCode());
        field(canonical, shippingAddress.country());
        return HexFormat.of().formatHex(sha256(canonical.toString()));
    }

    /** Length-prefixed, so no choice of field values can make two different orders look alike. */
    private static void field(StringBuilder out, String value) {
        out.append(value.length()).append(':').append(value).append('|');
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
