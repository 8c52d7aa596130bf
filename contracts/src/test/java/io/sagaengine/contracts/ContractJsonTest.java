package io.sagaengine.contracts;

import io.sagaengine.contracts.UnreadableMessageException.Problem;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractJsonTest {

    private final ContractJson json = ContractJson.standard();

    static Stream<ContractMessage> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsEveryMessageType(ContractMessage message) {
        String name = message.messageType();

        Object fromString = json.decode(name, 1, json.encode(message));
        Object fromBytes = json.decode(name, 1, json.encodeBytes(message));

        assertThat(fromString).isEqualTo(message);
        assertThat(fromBytes).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesOnlyTheRecordComponents(ContractMessage message) {
        JsonNode tree = json.mapper().readTree(json.encode(message));

        List<String> fields = new ArrayList<>(tree.propertyNames());
        List<String> components = Stream.of(message.getClass().getRecordComponents())
                .map(c -> c.getName()).toList();
        assertThat(fields).containsExactlyInAnyOrderElementsOf(components);
        assertThat(tree.get("requestId").asString()).isEqualTo(Samples.REQUEST_ID.toString());
    }

    @Test
    void writesAmountsAsStrings() {
        ChargePayment charge = new ChargePayment(Samples.REQUEST_ID, "o-1", "alice", new BigDecimal("39.98"), "EUR");

        String text = json.encode(charge);

        assertThat(text).contains("\"amount\":\"39.98\"");
        String lines = json.encode(new ReserveInventory(Samples.REQUEST_ID, "o-1", Samples.LINES));
        assertThat(lines).contains("\"unitPrice\":\"19.99\"").contains("\"unitPrice\":\"5.00\"");
    }

    @Test
    void writesAmountsWithoutExponent() {
        ChargePayment charge = new ChargePayment(Samples.REQUEST_ID, "o-1", "alice", new BigDecimal("1E+3"), "EUR");

        assertThat(json.encode(charge)).contains("\"amount\":\"1000\"");
    }

    @Test
    void readsAmountsFromStringsAndNumbers() {
        ChargePayment fromString = json.decode("ChargePayment", 1, chargeJson("\"39.98\""));
        ChargePayment fromNumber = json.decode("ChargePayment", 1, chargeJson("39.98"));

        assertThat(fromString.amount()).isEqualByComparingTo("39.98");
        assertThat(fromNumber.amount()).isEqualByComparingTo("39.98");
        assertThat(fromNumber.amount().scale()).isEqualTo(2);
    }

    @Test
    void readsUnitPricesFromNumbers() {
        String text = """
                {"requestId":"%s","orderId":"o-1","lines":[{"sku":"SKU-1","quantity":2,"unitPrice":19.99}]}
                """.formatted(Samples.REQUEST_ID);

        ReserveInventory reserve = json.decode("ReserveInventory", 1, text);

        assertThat(reserve.lines()).containsExactly(new OrderLine("SKU-1", 2, new BigDecimal("19.99")));
    }

    @Test
    void ignoresUnknownFields() {
        String text = """
                {"requestId":"%s","orderId":"o-1","chargeId":"ch-1","extra":{"nested":[1,2]},"note":"later"}
                """.formatted(Samples.REQUEST_ID);

        PaymentCharged charged = json.decode("PaymentCharged", 1, text);

        assertThat(charged).isEqualTo(new PaymentCharged(Samples.REQUEST_ID, "o-1", "ch-1"));
    }

    @Test
    void decodedListsAreImmutable() {
        InventoryUnavailable reply = json.decode("InventoryUnavailable", 1, """
                {"requestId":"%s","orderId":"o-1","reason":"UNKNOWN_SKU","skus":["SKU-9"]}
                """.formatted(Samples.REQUEST_ID));

        assertThatThrownBy(() -> reply.skus().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unknownTypeIsUnreadable() {
        assertUnreadable(() -> json.decode("Foo", 1, "{}"),
                Problem.UNKNOWN_TYPE, "unknown message type 'Foo'");
        assertUnreadable(() -> json.decode(null, 1, "{}"),
                Problem.UNKNOWN_TYPE, "unknown message type 'null'");
    }

    @Test
    void unsupportedVersionIsUnreadable() {
        assertUnreadable(() -> json.decode("ChargePayment", 7, chargeJson("\"1.00\"")),
                Problem.UNSUPPORTED_VERSION, "unsupported schema version 7 for ChargePayment (supported: [1])");
    }

    @Test
    void malformedJsonIsUnreadable() {
        assertUnreadable(() -> json.decode("ChargePayment", 1, "{\"requestId\": "),
                Problem.MALFORMED_JSON, "malformed JSON for ChargePayment: ");
        assertUnreadable(() -> json.decode("ChargePayment", 1, chargeJson("\"1.00\"") + " trailing"),
                Problem.MALFORMED_JSON, "malformed JSON for ChargePayment: ");
        assertUnreadable(() -> json.decode("ChargePayment", 1, new byte[0]),
                Problem.MALFORMED_JSON, "malformed JSON for ChargePayment: empty body");
        assertUnreadable(() -> json.decode("ChargePayment", 1, (byte[]) null),
                Problem.MALFORMED_JSON, "malformed JSON for ChargePayment: empty body");
    }

    @Test
    void wrongValueTypesAreUnreadable() {
        String badUuid = """
                {"requestId":"not-a-uuid","orderId":"o-1","chargeId":"ch-1"}""";
        assertUnreadable(() -> json.decode("PaymentCharged", 1, badUuid),
                Problem.INVALID_CONTENT, "invalid content for PaymentCharged: ");
        assertUnreadable(() -> json.decode("PaymentCharged", 1, "[1,2]"),
                Problem.INVALID_CONTENT, "invalid content for PaymentCharged: ");
        assertUnreadable(() -> json.decode("PaymentCharged", 1, "null"),
                Problem.INVALID_CONTENT, "invalid content for PaymentCharged: null");
        assertUnreadable(() -> json.decode("ChargePayment", 1, chargeJson("\"lots\"")),
                Problem.INVALID_CONTENT, "invalid content for ChargePayment: ");
    }

    @Test
    void missingRequiredFieldsAreUnreadable() {
        assertUnreadable(() -> json.decode("PaymentCharged", 1, "{\"orderId\":\"o-1\",\"chargeId\":\"ch-1\"}"),
                Problem.INVALID_CONTENT, "missing required field 'requestId' in PaymentCharged");
        String nullOrder = """
                {"requestId":"%s","orderId":null,"chargeId":"ch-1"}""".formatted(Samples.REQUEST_ID);
        assertUnreadable(() -> json.decode("PaymentCharged", 1, nullOrder),
                Problem.INVALID_CONTENT, "missing required field 'orderId' in PaymentCharged");
        String noLines = """
                {"requestId":"%s","orderId":"o-1"}""".formatted(Samples.REQUEST_ID);
        assertUnreadable(() -> json.decode("ReserveInventory", 1, noLines),
                Problem.INVALID_CONTENT, "missing required field 'lines' in ReserveInventory");
    }

    @Test
    void nullListElementsAreUnreadable() {
        String text = """
                {"requestId":"%s","orderId":"o-1","lines":[null]}""".formatted(Samples.REQUEST_ID);

        assertUnreadable(() -> json.decode("ReserveInventory", 1, text),
                Problem.INVALID_CONTENT, "null element in field 'lines' of ReserveInventory");
    }

    @Test
    void reasonsNameThePathOfABadValue() {
        String text = """
                {"requestId":"%s","orderId":"o-1","lines":[{"sku":"SKU-1","quantity":"many","unitPrice":"1.00"}]}"""
                .formatted(Samples.REQUEST_ID);

        assertThatThrownBy(() -> json.decode("ReserveInventory", 1, text))
                .isInstanceOf(UnreadableMessageException.class)
                .hasMessageStartingWith("invalid content for ReserveInventory: ")
                .hasMessageEndingWith("(at lines[0].quantity)");
    }

    @Test
    void longDetailsAreShortened() {
        String text = "{\"requestId\": x" + "y".repeat(5_000) + "}";

        assertThatThrownBy(() -> json.decode("ChargePayment", 1, text))
                .isInstanceOf(UnreadableMessageException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void encodesOnlyContractMessages() {
        assertThatIllegalArgumentException().isThrownBy(() -> json.encode("just a string"));
        assertThatIllegalArgumentException().isThrownBy(() -> json.encodeBytes(null));
    }

    @Test
    void decodesUtf8() {
        byte[] bytes = """
                {"requestId":"%s","orderId":"o-ü","chargeId":"ch-€"}""".formatted(Samples.REQUEST_ID)
                .getBytes(StandardCharsets.UTF_8);

        PaymentCharged charged = json.decode("PaymentCharged", 1, bytes);

        assertThat(charged.chargeId()).isEqualTo("ch-€");
    }

    private static String chargeJson(String amount) {
        return """
                {"requestId":"%s","orderId":"o-1","customerId":"alice","amount":%s,"currency":"EUR"}"""
                .formatted(Samples.REQUEST_ID, amount);
    }

    private static void assertUnreadable(Runnable decode, Problem problem, String reasonPrefix) {
        assertThatThrownBy(decode::run)
                .isInstanceOfSatisfying(UnreadableMessageException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.reason()).startsWith(reasonPrefix);
                });
    }
}
