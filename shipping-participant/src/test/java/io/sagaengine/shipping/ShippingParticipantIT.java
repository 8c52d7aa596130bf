package io.sagaengine.shipping;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.service.testing.ParticipantIntegrationTest;
import io.sagaengine.testsupport.kafka.ReceivedRecord;
import io.sagaengine.testsupport.kafka.SagaHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TestPropertySource(properties = "shipping.served-countries=DE,fr")
class ShippingParticipantIT extends ParticipantIntegrationTest {

    ShippingParticipantIT() {
        super(Topics.SHIPPING_COMMANDS, Topics.SHIPPING_REPLIES);
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "shipping_it");
    }

    // --- messaging -------------------------------------------------------------------------------------------

    @Test
    void scheduleRepliesShipmentScheduledWithHeaders() throws Exception {
        String saga = newId("saga");
        String traceparent = SagaHeaders.newTraceparent();
        ScheduleShipment schedule = schedule("DE");

        UUID messageId = send(schedule, saga, traceparent);
        ReceivedRecord reply = awaitReply(messageId);

        assertReplyHeaders(reply, "ShipmentScheduled", saga, messageId, traceparent);
        ShipmentScheduled scheduled = payload(reply);
        assertThat(scheduled.requestId()).isEqualTo(schedule.requestId());
        assertThat(scheduled.orderId()).isEqualTo(schedule.orderId());
        assertThat(scheduled.trackingNumber()).matches("TRK-[A-Z2-9]{12}");

        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("SCHEDULED"))
                .andExpect(jsonPath("$[0].trackingNumber").value(scheduled.trackingNumber()))
                .andExpect(jsonPath("$[0].address.country").value("DE"));
    }

    @Test
    void aCountryNotServedIsUnavailable() throws Exception {
        ScheduleShipment schedule = schedule("JP");

        ShippingUnavailable reply = replyTo(schedule);

        assertThat(reply).isEqualTo(new ShippingUnavailable(schedule.requestId(), schedule.orderId(),
                ShippingUnavailable.COUNTRY_NOT_SERVED));
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$[0].status").value("UNAVAILABLE"))
                .andExpect(jsonPath("$[0].trackingNumber").isEmpty());
    }

    @Test
    void servedCountriesComeFromConfigurationWhateverTheCase() {
        ShipmentScheduled reply = replyTo(schedule("FR"));
        assertThat(reply.trackingNumber()).startsWith("TRK-");
        ShippingUnavailable notServed = replyTo(schedule("US"));
        assertThat(notServed.reason()).isEqualTo(ShippingUnavailable.COUNTRY_NOT_SERVED);
    }

    @Test
    void theSameRecordDeliveredTwiceHasOneEffect() {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");

        UUID messageId = deliverTwice(schedule, saga);
        // a later command of the same saga (same partition) is processed only after both copies
        replyTo(new CancelShipment(UUID.randomUUID(), schedule.orderId()), saga);

        assertThat(replies(messageId)).hasSize(1);
        assertThat(rows(schedule)).isEqualTo(1);
    }

    @Test
    void aResentCommandWithTheSameRequestIdRepeatsTheReplyNotTheEffect() {
        ScheduleShipment schedule = schedule("DE");

        ShipmentScheduled first = replyTo(schedule);
        ShipmentScheduled second = replyTo(schedule);

        assertThat(second).isEqualTo(first);
        assertThat(rows(schedule)).isEqualTo(1);
    }

    @Test
    void cancelCancelsOnce() throws Exception {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");
        ShipmentScheduled scheduled = replyTo(schedule, saga);
        CancelShipment cancel = new CancelShipment(schedule.requestId(), schedule.orderId());

        ShipmentCancelled first = replyTo(cancel, saga);
        ShipmentCancelled second = replyTo(cancel, saga);
        ShipmentScheduled scheduleAgain = replyTo(schedule, saga);

        assertThat(first).isEqualTo(new ShipmentCancelled(schedule.requestId(), schedule.orderId()));
        assertThat(second).isEqualTo(first);
        assertThat(scheduleAgain).isEqualTo(scheduled);
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("CANCELLED"))
                .andExpect(jsonPath("$[0].cancelledAt").isNotEmpty());
    }

    @Test
    void aCancelBeforeTheScheduleLeavesAMarkerAndTheLateScheduleDoesNothing() throws Exception {
        String saga = newId("saga");
        ScheduleShipment schedule = schedule("DE");

        ShipmentCancelled cancelled = replyTo(new CancelShipment(schedule.requestId(), schedule.orderId()), saga);
        ShippingUnavailable late = replyTo(schedule, saga);

        assertThat(cancelled).isEqualTo(new ShipmentCancelled(schedule.requestId(), schedule.orderId()));
        assertThat(late).isEqualTo(new ShippingUnavailable(schedule.requestId(), schedule.orderId(),
                ShippingUnavailable.ALREADY_COMPENSATED));
        mvc.perform(get("/shipments").param("orderId", schedule.orderId()).with(support()))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].status").value("COMPENSATED_BEFORE_EXECUTION"))
                .andExpect(jsonPath("$[0].trackingNumber").isEmpty());
    }

    @Test
    void concurrentDeliveriesOfOneRequestScheduleOnce() throws Exception {
        ScheduleShipment schedule = schedule("DE");
        int copies = 6;

        List<UUID> messageIds = dispatchConcurrently(Collections.nCopies(copies, schedule));

        assertThat(rows(schedule)).isEqualTo(1);
        List<ShipmentScheduled> replies = messageIds.stream().map(this::awaitReply)
                .map(r -> (ShipmentScheduled) payload(r)).toList();
        assertThat(replies).hasSize(copies).allMatch(r -> r.equals(replies.get(0)));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndThePartitionMovesOn() {
        String saga = newId("poison");
        ScheduleShipment schedule = schedule("DE");
        sendRecord(saga, "{\"requestId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8),
                SagaHeaders.command(UUID.randomUUID(), "ScheduleShipment", 1, saga, null));
        sendRecord(saga, JSON.encodeBytes(schedule),
                SagaHeaders.command(UUID.randomUUID(), "ShipEverything", 1, saga, null));
        Map<String, String> noSchemaVersion = SagaHeaders.command(UUID.randomUUID(), "ScheduleShipment", 1, saga, null);
        noSchemaVersion.remove(SagaHeaders.SCHEMA_VERSION);
        sendRecord(saga, JSON.encodeBytes(schedule), noSchemaVersion);

        ShipmentScheduled next = replyTo(schedule, saga);

        assertThat(next.requestId()).isEqualTo(schedule.requestId());
        List<ReceivedRecord> dead = awaitDeadLetters(saga, 3);
        assertThat(dead.get(0).header(SagaHeaders.DLT_REASON)).contains("ScheduleShipment");
        assertThat(dead.get(1).header(SagaHeaders.DLT_REASON)).contains("unknown message type");
        assertThat(dead.get(2).header(SagaHeaders.DLT_REASON)).contains("schema-version");
    }

    // --- HTTP ------------------------------------------------------------------------------------------------

    @Test
    void shipmentsNeedCredentialsAndAnOrderId() throws Exception {
        mvc.perform(get("/shipments").param("orderId", "o"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/shipments").with(support()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("orderId"));
        mvc.perform(get("/shipments").param("orderId", newId("order")).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void writesNeedOperator() throws Exception {
        mvc.perform(post("/shipments").with(support()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        // past security there is no such write
        mvc.perform(post("/shipments").with(operator()).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void healthAndDocsAreOpenMetricsNeedOperator() throws Exception {
        assertHealthAndDocsOpenMetricsForOperators("/shipments");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static ScheduleShipment schedule(String country) {
        return new ScheduleShipment(UUID.randomUUID(), newId("order"),
                new Address("Alice", "Main St 1", "Berlin", "10115", country),
                List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.99"))));
    }

    private int rows(ScheduleShipment schedule) {
        return jdbc.queryForObject("SELECT count(*) FROM shipment WHERE request_id = ? AND tracking_number IS NOT NULL",
                Integer.class, schedule.requestId());
    }
}
