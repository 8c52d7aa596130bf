package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.service.problem.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OrderRequestParserTest {

    static final String VALID = """
            { "customerId": "alice",
              "currency": "EUR",
              "items": [ { "sku": "SKU-1", "quantity": 2, "unitPrice": "19.99" } ],
              "shippingAddress": { "name": "Alice", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE" } }""";

    private final OrderRequestParser parser = new OrderRequestParser();

    @Test
    void readsTheDesignExample() {
        NewOrder order = parse(VALID);

        assertThat(order.customerId()).isEqualTo("alice");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.lines()).containsExactly(new OrderLine("SKU-1", 2, new BigDecimal("19.99")));
        assertThat(order.shippingAddress()).isEqualTo(new Address("Alice", "Main St 1", "Berlin", "10115", "DE"));
        assertThat(order.total()).isEqualByComparingTo("39.98");
        assertThat(order.total().scale()).isEqualTo(2);
    }

    @Test
    void listsEveryBadField() {
        String body = """
                { "customerId": "al ice",
                  "currency": "EURO",
                  "items": [ { "sku": "", "quantity": 0, "unitPrice": "0" },
                             { "sku": "SKU-2", "quantity": 10001, "unitPrice": 1.999 },
                             { "quantity": 1.5, "unitPrice": "abc" },
                             "not an item" ],
                  "shippingAddress": { "name": " ", "line1": 7, "postalCode": "10115", "country": "XX" } }""";

        assertThat(fieldsOf(invalid(body))).containsExactlyInAnyOrder(
                "customerId", "currency",
                "items[0].sku", "items[0].quantity", "items[0].unitPrice",
                "items[1].quantity", "items[1].unitPrice",
                "items[2].sku", "items[2].quantity", "items[2].unitPrice",
                "items[3]",
                "shippingAddress.name", "shippingAddress.line1", "shippingAddress.city", "shippingAddress.country");
    }

    @Test
    void listsEveryMissingTopLevelField() {
        assertThat(fieldsOf(invalid("{}"))).containsExactlyInAnyOrder("customerId", "currency", "items", "shippingAddress");
        assertThat(fieldsOf(invalid("{\"customerId\":null,\"currency\":null,\"items\":null,\"shippingAddress\":null}")))
                .containsExactlyInAnyOrder("customerId", "currency", "items", "shippingAddress");
    }

    @Test
    void aBodyThatIsNotAnObjectIsInvalid() {
        assertThat(fieldsOf(invalid("[1, 2]"))).containsExactly("body");
    }

    @Test
    void theProblemSaysHowManyFieldsAreBad() {
        ProblemDetail body = invalid("{}").getBody();

        assertThat(body.getStatus()).isEqualTo(400);
        assertThat(body.getTitle()).isEqualTo("Validation failed");
        assertThat(body.getDetail()).isEqualTo("4 fields are invalid.");
    }

    @Test
    void itemsMustNumberOneToOneHundred() {
        assertThat(fieldsOf(invalid(VALID.replaceFirst("\"items\": \\[.*?],", "\"items\": [],"))))
                .containsExactly("items");
        String item = "{ \"sku\": \"SKU-1\", \"quantity\": 1, \"unitPrice\": \"1\" }";
        String hundredAndOne = IntStream.range(0, 101).mapToObj(i -> item).collect(Collectors.joining(",", "[", "]"));
        assertThat(fieldsOf(invalid(VALID.replaceFirst("\"items\": \\[.*?],", "\"items\": " + hundredAndOne + ","))))
                .containsExactly("items");
        String hundred = IntStream.range(0, 100).mapToObj(i -> item).collect(Collectors.joining(",", "[", "]"));
        assertThat(parse(VALID.replaceFirst("\"items\": \\[.*?],", "\"items\": " + hundred + ",")).lines()).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"19.99\"", "19.99", "\"20\"", "20", "\"0.5\"", "1.50", "1.500", "2e1", "\"999999999.99\""})
    void acceptsPricesGreaterThanZeroWithAtMostTwoDecimals(String price) {
        NewOrder order = parse(VALID.replace("\"19.99\"", price));

        BigDecimal unitPrice = order.lines().get(0).unitPrice();
        assertThat(unitPrice.scale()).isEqualTo(2);
        assertThat(unitPrice.signum()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"0\"", "0", "0.00", "-1", "\"-1.00\"", "\"1.999\"", "1.001", "\"1e2\"", "\"\"", "\"12,50\"",
            "\" 1\"", "true", "{}", "[]", "1000000000", "1e-3"})
    void refusesOtherPrices(String price) {
        assertThat(fieldsOf(invalid(VALID.replace("\"19.99\"", price)))).containsExactly("items[0].unitPrice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001", "1.5", "\"2\"", "99999999999999999999"})
    void refusesQuantitiesOutsideOneToTenThousand(String quantity) {
        assertThat(fieldsOf(invalid(VALID.replace("\"quantity\": 2", "\"quantity\": " + quantity))))
                .containsExactly("items[0].quantity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "10000"})
    void acceptsQuantitiesAtTheBounds(String quantity) {
        assertThat(parse(VALID.replace("\"quantity\": 2", "\"quantity\": " + quantity)).lines()).hasSize(1);
    }

    @Test
    void customerIdIsOneToSixtyFourSafeCharacters() {
        assertThat(parse(VALID.replace("\"alice\"", "\"" + "a".repeat(64) + "\"")).customerId()).hasSize(64);
        assertThat(parse(VALID.replace("\"alice\"", "\"A.b_c-9\"")).customerId()).isEqualTo("A.b_c-9");
        for (String bad : List.of("\"\"", "\"" + "a".repeat(65) + "\"", "\"al/ice\"", "\"älice\"", "42")) {
            assertThat(fieldsOf(invalid(VALID.replace("\"alice\"", bad)))).as(bad).containsExactly("customerId");
        }
    }

    @Test
    void currencyIsAnIso4217Code() {
        assertThat(parse(VALID.replace("\"EUR\"", "\"JPY\"")).currency()).isEqualTo("JPY");
        for (String bad : List.of("\"eur\"", "\"EURO\"", "\"ABC\"", "\"\"", "978")) {
            assertThat(fieldsOf(invalid(VALID.replace("\"EUR\"", bad)))).as(bad).containsExactly("currency");
        }
    }

    @Test
    void addressFieldsWithControlCharactersAreRefusedAsBadInputNotStoredOrFailed() {
        for (String bad : List.of("Main St\\u0000 1", "Main St\\n1", "Main\\u0007St")) {
            assertThat(fieldsOf(invalid(VALID.replace("Main St 1", bad)))).as(bad)
                    .containsExactly("shippingAddress.line1");
        }
        assertThat(fieldsOf(invalid(VALID.replace("\"name\": \"Alice\"", "\"name\": \"A\\u0000\""))))
                .contains("shippingAddress.name");
        assertThat(parse(VALID.replace("Main St 1", "Hauptstraße 1 – Hof")).shippingAddress().line1())
                .isEqualTo("Hauptstraße 1 – Hof");
    }

    @Test
    void countryIsAnIso3166Alpha2Code() {
        assertThat(parse(VALID.replace("\"DE\"", "\"US\"")).shippingAddress().country()).isEqualTo("US");
        for (String bad : List.of("\"de\"", "\"DEU\"", "\"XX\"", "\"\"", "1")) {
            assertThat(fieldsOf(invalid(VALID.replace("\"DE\"", bad)))).as(bad).containsExactly("shippingAddress.country");
        }
    }

    @Test
    void addressLinesAreRequiredAndBounded() {
        assertThat(fieldsOf(invalid(VALID.replace("\"Main St 1\"", "\"" + "x".repeat(201) + "\""))))
                .containsExactly("shippingAddress.line1");
        assertThat(fieldsOf(invalid(VALID.replace("\"postalCode\": \"10115\", ", ""))))
                .containsExactly("shippingAddress.postalCode");
        assertThat(fieldsOf(invalid(VALID.replaceFirst("\"shippingAddress\": \\{[^}]*}", "\"shippingAddress\": \"Berlin\""))))
                .containsExactly("shippingAddress");
    }

    @Test
    void ignoresUnknownProperties() {
        assertThat(parse(VALID.replace("\"currency\"", "\"note\": \"gift\", \"currency\"")).customerId()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"customerId\": }", "not json", "{} {}", "{\"customerId\":\"a\",\"customerId\":\"b\"}"})
    void malformedJsonIsItsOwnProblem(String body) {
        OrderProblem problem = catchThrowableOfType(OrderProblem.class, () -> parse(body));

        assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.getBody().getTitle()).isEqualTo("Malformed JSON");
    }

    @Test
    void theFingerprintIgnoresLayoutOrderUnknownFieldsAndHowPricesAreWritten() {
        String reordered = """
                {"shippingAddress":{"country":"DE","postalCode":"10115","city":"Berlin","line1":"Main St 1","name":"Alice"},
                 "items":[{"unitPrice":19.990,"quantity":2,"sku":"SKU-1"}],"currency":"EUR","customerId":"alice","x":1}""";

        assertThat(parse(reordered).fingerprint()).isEqualTo(parse(VALID).fingerprint()).hasSize(64);
    }

    @Test
    void theFingerprintChangesWithAnyField() {
        String fingerprint = parse(VALID).fingerprint();

        for (String[] change : List.of(new String[]{"\"alice\"", "\"bob\""}, new String[]{"\"EUR\"", "\"USD\""},
                new String[]{"\"SKU-1\"", "\"SKU-2\""}, new String[]{"\"quantity\": 2", "\"quantity\": 3"},
                new String[]{"\"19.99\"", "\"19.98\""}, new String[]{"\"Alice\"", "\"Alicia\""},
                new String[]{"\"Main St 1\"", "\"Main St 2\""}, new String[]{"\"Berlin\"", "\"Bonn\""},
                new String[]{"\"10115\"", "\"10117\""}, new String[]{"\"DE\"", "\"AT\""})) {
            assertThat(parse(VALID.replace(change[0], change[1])).fingerprint()).as(change[1]).isNotEqualTo(fingerprint);
        }
    }

    private NewOrder parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private OrderProblem invalid(String body) {
        OrderProblem problem = catchThrowableOfType(OrderProblem.class, () -> parse(body));
        assertThat(problem).as("a problem for %s", body).isNotNull();
        assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.getBody().getTitle()).isEqualTo("Validation failed");
        return problem;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fieldsOf(OrderProblem problem) {
        List<FieldError> errors = (List<FieldError>) problem.getBody().getProperties().get("errors");
        return errors.stream().map(FieldError::field).toList();
    }
}
