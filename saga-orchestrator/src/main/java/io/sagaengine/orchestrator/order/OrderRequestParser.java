package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.service.problem.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code POST /orders} body and checks every field, so one answer lists every bad field.
 * Unknown properties are ignored.
 */
final class OrderRequestParser {

    static final int MAX_ITEMS = 100;
    static final int MAX_QUANTITY = 10_000;
    static final int MAX_TEXT_LENGTH = 200;
    /** Keeps the largest possible total (100 lines of 10,000 units) within the total column. */
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("999999999.99");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final String IDENTIFIER_RULE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'";

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * @throws OrderProblem 400 for malformed JSON or any invalid field
     */
    NewOrder parse(byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw OrderProblem.invalidOrder(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String customerId = identifier(root.get("customerId"), "customerId", errors);
        String currency = currency(root.get("currency"), errors);
        List<OrderLine> lines = items(root.get("items"), errors);
        Address address = address(root.get("shippingAddress"), errors);
        if (!errors.isEmpty()) {
            throw OrderProblem.invalidOrder(errors);
        }
        return new NewOrder(customerId, currency, lines, address);
    }

    private JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw OrderProblem.malformedJson("The request body is empty");
        }
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw OrderProblem.malformedJson("The request body is not valid JSON: " + e.getOriginalMessage() + where);
        }
    }

    private static String identifier(JsonNode node, String field, List<FieldError> errors) {
        String value = string(node, field, errors);
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            errors.add(new FieldError(field, IDENTIFIER_RULE));
            return null;
        }
        return value;
    }

    private static String currency(JsonNode node, List<FieldError> errors) {
        String value = string(node, "currency", errors);
        if (value != null && !(CURRENCY_CODE.matcher(value).matches() && isCurrency(value))) {
            errors.add(new FieldError("currency", "must be an ISO 4217 currency code, such as EUR"));
            return null;
        }
        return value;
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<OrderLine> items(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError("items", "is required"));
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("items", "must be an array"));
            return List.of();
        }
        if (node.isEmpty() || node.size() > MAX_ITEMS) {
            errors.add(new FieldError("items", "must hold 1 to " + MAX_ITEMS + " items"));
            return List.of();
        }
        List<OrderLine> lines = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            OrderLine line = item(node.get(i), "items[" + i + "]", errors);
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static OrderLine item(JsonNode node, String path, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return null;
        }
        String sku = identifier(node.get("sku"), path + ".sku", errors);
        Integer quantity = quantity(node.get("quantity"), path + ".quantity", errors);
        BigDecimal unitPrice = unitPrice(node.get("unitPrice"), path + ".unitPrice", errors);
        if (sku == null || quantity == null || unitPrice == null) {
            return null;
        }
        return new OrderLine(sku, quantity, unitPrice);
    }

    private static Integer quantity(JsonNode node, String field, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isIntegralNumber()) {
            errors.add(new FieldError(field, "must be an integer"));
            return null;
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.ONE) < 0 || value.compareTo(BigInteger.valueOf(MAX_QUANTITY)) > 0) {
            errors.add(new FieldError(field, "must be between 1 and " + MAX_QUANTITY));
            return null;
        }
        return value.intValue();
    }

    /** A decimal given as a JSON string ("19.99") or number (19.99); returned with two decimals. */
    private static BigDecimal unitPrice(JsonNode node, String field, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString() && DECIMAL.matcher(node.stringValue()).matches()) {
            value = new BigDecimal(node.stringValue());
        } else {
            errors.add(new FieldError(field, "must be a decimal number, as a string (\"19.99\") or a number"));
            return null;
        }
        if (value.signum() <= 0) {
            errors.add(new FieldError(field, "must be greater than 0"));
            return null;
        }
        if (value.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError(field, "must have at most 2 decimals"));
            return null;
        }
        if (value.compareTo(MAX_UNIT_PRICE) > 0) {
            errors.add(new FieldError(field, "must be at most " + MAX_UNIT_PRICE.toPlainString()));
            return null;
        }
        return value.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static Address address(JsonNode node, List<FieldError> errors) {
        String path = "shippingAddress";
        if (absent(node)) {
            errors.add(new FieldError(path, "is required"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return null;
        }
        String name = text(node.get("name"), path + ".name", errors);
        String line1 = text(node.get("line1"), path + ".line1", errors);
        String city = text(node.get("city"), path + ".city", errors);
        String postalCode = text(node.get("postalCode"), path + ".postalCode", errors);
        String country = string(node.get("country"), path + ".country", errors);
        if (country != null && !COUNTRIES.contains(country)) {
            errors.add(new FieldError(path + ".country", "must be an ISO 3166-1 alpha-2 country code, such as DE"));
            country = null;
        }
        if (name == null || line1 == null || city == null || postalCode == null || country == null) {
            return null;
        }
        return new Address(name, line1, city, postalCode, country);
    }

    /** A required, non-blank string of at most {@link #MAX_TEXT_LENGTH} characters, without control characters. */
    private static String text(JsonNode node, String field, List<FieldError> errors) {
        String value = string(node, field, errors);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT_LENGTH + " characters"));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL text cannot hold NUL at all; other control characters have no place on a label either
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return value;
    }

    private static String string(JsonNode node, String field, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!node.isString()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return node.stringValue();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
