package io.sagaengine.orchestrator.order;

import io.sagaengine.service.problem.FieldError;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The shapes the OpenAPI document shows for what the order API reads and its problem answers. The body of
 * {@code POST /orders} is read by {@link OrderRequestParser}, not bound to these types, so that one answer
 * can list every bad field.
 */
final class OrderApiSchemas {

    private OrderApiSchemas() {
    }

    @Schema(name = "PlaceOrderRequest", description = "An order to place")
    record PlaceOrderRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9._-]{1,64}$", example = "alice")
            String customerId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 4217 code", example = "EUR")
            String currency,
            @ArraySchema(minItems = 1, maxItems = OrderRequestParser.MAX_ITEMS,
                    schema = @Schema(implementation = Item.class, requiredMode = Schema.RequiredMode.REQUIRED))
            List<Item> items,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ShippingAddress shippingAddress) {
    }

    @Schema(name = "OrderItem")
    record Item(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "^[A-Za-z0-9._-]{1,64}$", example = "SKU-1")
            String sku,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "10000", example = "2")
            int quantity,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "19.99",
                    description = "Greater than 0, at most 2 decimals, at most 999999999.99; a string or a number")
            String unitPrice) {
    }

    @Schema(name = "ShippingAddress")
    record ShippingAddress(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Alice") String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Main St 1") String line1,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Berlin") String city,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "10115") String postalCode,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "ISO 3166-1 alpha-2", example = "DE")
            String country) {
    }

    @Schema(name = "Problem", description = "RFC 9457 problem details")
    record Problem(
            @Schema(example = "about:blank") String type,
            @Schema(example = "Validation failed") String title,
            @Schema(example = "400") int status,
            @Schema(example = "2 fields are invalid.") String detail,
            @Schema(example = "/orders") String instance,
            @Schema(description = "Every bad field, on 400 Validation failed", nullable = true) List<FieldError> errors) {
    }
}
