package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.test.ReplyResult;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.engine.test.SagaScenario.CommandExpectation;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.engine.TimelineEntry.Kind;
import io.sagaengine.orchestrator.order.PlacedOrder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path of the order saga, as given/expect scripts against the engine's logic and shell with in-memory
 * ports: no broker, no database.
 */
class OrderSagaTest {

    /** Step deadline 10 s, 3 sends, backoff 1 s doubling to 4 s; compensation 5 s, 4 sends, backoff 1 s to 2 s. */
    private static final OrderSagaProperties TIMING = new OrderSagaProperties(Duration.ofSeconds(10), 3,
            Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
            Duration.ofSeconds(2), 0.5);

    private final OrderSagaScenario scenario = new OrderSagaScenario(TIMING);
    private final SagaScenario<OrderSagaData> saga = scenario.saga;
    private final PlacedOrder order = new PlacedOrder(UUID.randomUUID(), UUID.randomUUID(), "alice", "EUR",
            new BigDecimal("39.98"), List.of(new OrderLine("SKU-1", 2, new BigDecimal("19.99"))),
            new Address("Alice", "Main St 1", "Berlin", "10115", "DE"));
    private final String orderId = order.orderId().toString();

    @Test
    void happyPathChargesReservesShipsAndCompletesTheOrder() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order)
                .expect().status(SagaStatus.RUNNING).state("payment").step("payment", StepStatus.RUNNING, 1)
                .deadlineIn(Duration.ofSeconds(10))
                .command(ChargePayment.class).to(Topics.PAYMENT_COMMANDS)
                .satisfying(c -> {
                    assertThat(c.orderId()).isEqualTo(orderId);
                    assertThat(c.customerId()).isEqualTo("alice");
                    assertThat(c.amount()).isEqualByComparingTo("39.98");
                    assertThat(c.currency()).isEqualTo("EUR");
                });
        CommandExpectation<ReserveInventory> reserve = charge
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().status(SagaStatus.RUNNING).state("inventory").step("payment", StepStatus.SUCCEEDED, 1)
                .command(ReserveInventory.class).to(Topics.INVENTORY_COMMANDS)
                .satisfying(c -> assertThat(c.lines()).isEqualTo(order.lines()));
        assertThat(reserve.requestId()).isNotEqualTo(charge.requestId());
        assertThat(reserve.command().requestId()).isEqualTo(reserve.requestId());

        reserve.andGivenReply(c -> new InventoryReserved(c.requestId(), orderId))
                .expect().state("shipping")
                .command(ScheduleShipment.class).to(Topics.SHIPPING_COMMANDS)
                .satisfying(c -> assertThat(c.address()).isEqualTo(order.shippingAddress()))
                .andGivenReply(c -> new ShipmentScheduled(c.requestId(), orderId, "TRK-1"))
                .expect().status(SagaStatus.COMPLETED).state("COMPLETED").outcome(null).noDeadline()
                .step("shipping", StepStatus.SUCCEEDED, 1)
                .noCommand();

        assertThat(scenario.outcomes.told).containsExactly("completed " + orderId + " TRK-1");
        assertThat(saga.dataJson()).contains("\"chargeId\":\"ch-1\"").contains("\"trackingNumber\":\"TRK-1\"");
    }

    @Test
    void everyCommandIsKeyedBySagaAndACommandCausedByAReplyNamesIt() {
        scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class);
        assertThat(saga.sent().get(0).causationId()).isNull();
        assertThat(saga.sent().get(1).causationId()).isEqualTo(saga.lastReplyMessageId());
        assertThat(saga.sent().get(1).messageId()).isNotEqualTo(saga.sent().get(0).messageId());
    }

    @Test
    void paymentDeclinedCancelsTheOrderWithNothingToUndo() {
        scenario.given().order(order)
                .expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentDeclined(c.requestId(), orderId, PaymentDeclined.INSUFFICIENT_CREDIT))
                .expect().status(SagaStatus.COMPENSATED).state("COMPENSATED").outcome("PAYMENT_DECLINED")
                .step("payment", StepStatus.FAILED, 1).step("inventory", StepStatus.PENDING, 0)
                .noDeadline().noCommand();

        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " PAYMENT_DECLINED");
    }

    @Test
    void outOfStockRefundsThePaymentAndCancelsOnlyOnceRefunded() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        charge.andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class)
                .andGivenReply(c -> new InventoryUnavailable(c.requestId(), orderId,
                        InventoryUnavailable.INSUFFICIENT_STOCK, List.of("SKU-1")))
                .expect().status(SagaStatus.COMPENSATING).state("payment.compensating").outcome("OUT_OF_STOCK")
                .step("inventory", StepStatus.FAILED, 1).step("payment", StepStatus.COMPENSATING, 1)
                .deadlineIn(Duration.ofSeconds(5))
                .command(RefundPayment.class).to(Topics.PAYMENT_COMMANDS).withRequestId(charge.requestId())
                .satisfying(r -> {
                    assertThat(r.requestId()).isEqualTo(charge.command().requestId());
                    assertThat(r.amount()).isEqualByComparingTo("39.98");
                });
        assertThat(scenario.outcomes.told).as("the order stays PENDING until the refund is confirmed").isEmpty();

        saga.expect().andGivenReply(new PaymentRefunded(charge.requestId(), orderId))
                .expect().status(SagaStatus.COMPENSATED).state("COMPENSATED").outcome("OUT_OF_STOCK")
                .step("payment", StepStatus.COMPENSATED, 1).noDeadline().noCommand();
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " OUT_OF_STOCK");
    }

    @Test
    void shippingUnavailableReleasesTheStockThenRefundsThePayment() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        CommandExpectation<ReserveInventory> reserve = charge
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class);
        reserve.andGivenReply(c -> new InventoryReserved(c.requestId(), orderId))
                .expect().command(ScheduleShipment.class)
                .andGivenReply(c -> new ShippingUnavailable(c.requestId(), orderId, ShippingUnavailable.COUNTRY_NOT_SERVED))
                .expect().status(SagaStatus.COMPENSATING).state("inventory.compensating")
                .step("shipping", StepStatus.FAILED, 1)
                .command(ReleaseInventory.class).withRequestId(reserve.requestId())
                .satisfying(r -> assertThat(r.requestId()).isEqualTo(reserve.command().requestId()))
                .andGivenReply(r -> new InventoryReleased(r.requestId(), orderId))
                .expect().state("payment.compensating").step("inventory", StepStatus.COMPENSATED, 1)
                .command(RefundPayment.class).withRequestId(charge.requestId())
                .andGivenReply(r -> new PaymentRefunded(r.requestId(), orderId))
                .expect().status(SagaStatus.COMPENSATED).outcome("SHIPPING_UNAVAILABLE").noCommand();

        assertThat(saga.sent()).extracting(SagaScenario.Sent::type).containsExactly("ChargePayment",
                "ReserveInventory", "ScheduleShipment", "ReleaseInventory", "RefundPayment");
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " SHIPPING_UNAVAILABLE");
    }

    @Test
    void aStepWithoutReplyIsResentWithTheSameRequestIdAndBackoffThenCompensatedItselfWhenTimedOut() {
        CommandExpectation<ChargePayment> first = scenario.given().order(order)
                .expect().command(ChargePayment.class);
        CommandExpectation<ChargePayment> second = first.andGivenDeadlinePassed()
                .expect().status(SagaStatus.RUNNING).step("payment", StepStatus.RUNNING, 2)
                .deadlineIn(Duration.ofMillis(10_750)) // 10 s + 1 s backoff, jitter 0.5 * 0.5
                .timelineHas(Kind.DEADLINE_PASSED, "send 1 of 3")
                .command(ChargePayment.class).withRequestId(first.requestId());
        assertThat(second.messageId()).as("a re-send is a new message").isNotEqualTo(first.messageId());
        assertThat(second.command()).isEqualTo(first.command());

        CommandExpectation<RefundPayment> refund = second.andGivenDeadlinePassed()
                .expect().step("payment", StepStatus.RUNNING, 3).deadlineIn(Duration.ofMillis(11_500))
                .command(ChargePayment.class).withRequestId(first.requestId())
                .andGivenDeadlinePassed()
                .expect().status(SagaStatus.COMPENSATING).state("payment.compensating").outcome("TIMED_OUT")
                .timelineHas(Kind.DEADLINE_PASSED, "after 3 sends")
                .command(RefundPayment.class).withRequestId(first.requestId());
        assertThat(scenario.outcomes.told).isEmpty();

        refund.andGivenReply(r -> new PaymentRefunded(r.requestId(), orderId))
                .expect().status(SagaStatus.COMPENSATED).outcome("TIMED_OUT").noCommand();
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " TIMED_OUT");
    }

    @Test
    void aTimedOutShipmentIsCancelledThenTheStockReleasedThenThePaymentRefunded() {
        CommandExpectation<ScheduleShipment> schedule = scenario.given().order(order)
                .expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class)
                .andGivenReply(c -> new InventoryReserved(c.requestId(), orderId))
                .expect().command(ScheduleShipment.class);
        schedule.andGivenDeadlinePassed()
                .expect().command(ScheduleShipment.class).withRequestId(schedule.requestId())
                .andGivenDeadlinePassed()
                .expect().command(ScheduleShipment.class).withRequestId(schedule.requestId())
                .andGivenDeadlinePassed()
                .expect().status(SagaStatus.COMPENSATING).state("shipping.compensating")
                .step("shipping", StepStatus.COMPENSATING, 1)
                .expectCompensations(OrderSagaTest::confirm,
                        CancelShipment.class, ReleaseInventory.class, RefundPayment.class)
                .expect().status(SagaStatus.COMPENSATED).outcome("TIMED_OUT")
                .step("shipping", StepStatus.COMPENSATED, 1).step("inventory", StepStatus.COMPENSATED, 1)
                .step("payment", StepStatus.COMPENSATED, 1).noCommand();

        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " TIMED_OUT");
    }

    /** What a participant answers to a compensation. */
    private static Object confirm(Object compensation) {
        if (compensation instanceof CancelShipment c) {
            return new ShipmentCancelled(c.requestId(), c.orderId());
        }
        if (compensation instanceof ReleaseInventory r) {
            return new InventoryReleased(r.requestId(), r.orderId());
        }
        if (compensation instanceof RefundPayment r) {
            return new PaymentRefunded(r.requestId(), r.orderId());
        }
        throw new AssertionError("not a compensation: " + compensation);
    }

    @Test
    void aLateReplyWithinTheRetryBudgetStillCounts() {
        CommandExpectation<ChargePayment> first = scenario.given().order(order).expect().command(ChargePayment.class);
        first.andGivenDeadlinePassed()
                .expect().command(ChargePayment.class)
                .expect().andGivenReply(new PaymentCharged(first.requestId(), orderId, "ch-1"))
                .expect().replyResult(ReplyResult.APPLIED).state("inventory").command(ReserveInventory.class);
    }

    @Test
    void spentCompensationBudgetNeedsAttentionAndALateConfirmationStillFinishesTheSaga() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        SagaScenario.Expect refunds = charge
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class)
                .andGivenReply(c -> new InventoryUnavailable(c.requestId(), orderId, InventoryUnavailable.UNKNOWN_SKU,
                        List.of("SKU-1")))
                .expect().command(RefundPayment.class).withRequestId(charge.requestId()).expect();
        for (int send = 2; send <= 4; send++) {
            refunds = refunds.andGivenDeadlinePassed()
                    .expect().status(SagaStatus.COMPENSATING).step("payment", StepStatus.COMPENSATING, send)
                    .command(RefundPayment.class).withRequestId(charge.requestId()).expect();
        }
        refunds.andGivenDeadlinePassed()
                .expect().status(SagaStatus.NEEDS_ATTENTION).state("NEEDS_ATTENTION")
                .step("payment", StepStatus.COMPENSATION_FAILED, 4).noDeadline().noCommand()
                .timelineHas(Kind.DEADLINE_PASSED, "after 4 sends");
        assertThat(saga.deadline()).isNull();
        assertThat(scenario.outcomes.told).as("not cancelled while the refund is unconfirmed").isEmpty();

        // nothing retries forever: time passing does nothing more
        refunds.andGivenTimePasses(Duration.ofHours(1)).expect().status(SagaStatus.NEEDS_ATTENTION).noCommand();

        refunds.andGivenReply(new PaymentRefunded(charge.requestId(), orderId))
                .expect().replyResult(ReplyResult.APPLIED).status(SagaStatus.COMPENSATED).outcome("OUT_OF_STOCK").noCommand();
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " OUT_OF_STOCK");
    }

    @Test
    void anOperatorRetriesACompensationThatNeedsAttention() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        SagaScenario.Expect parked = charge.andGivenDeadlinePassed().expect().command(ChargePayment.class)
                .andGivenDeadlinePassed().expect().command(ChargePayment.class)
                .andGivenDeadlinePassed().expect().command(RefundPayment.class)
                .andGivenDeadlinePassed().expect().command(RefundPayment.class)
                .andGivenDeadlinePassed().expect().command(RefundPayment.class)
                .andGivenDeadlinePassed().expect().command(RefundPayment.class)
                .andGivenDeadlinePassed().expect().status(SagaStatus.NEEDS_ATTENTION).noCommand();

        parked.andGivenOperator(SagaEvent.OPERATOR_RETRY, "payment service is back")
                .expect().status(SagaStatus.COMPENSATING).state("payment.compensating")
                .step("payment", StepStatus.COMPENSATING, 1).deadlineIn(Duration.ofSeconds(5))
                .timelineHas(Kind.OPERATOR_ACTION, "payment service is back")
                .command(RefundPayment.class).withRequestId(charge.requestId())
                .andGivenReply(r -> new PaymentRefunded(r.requestId(), orderId))
                .expect().status(SagaStatus.COMPENSATED).outcome("TIMED_OUT");
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " TIMED_OUT");
    }

    @Test
    void aRedeliveredReplyIsNotHandledTwice() {
        scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class);
        long version = saga.version();
        int entries = saga.timelineKinds().size();

        saga.expect().andGivenSameReplyAgain()
                .expect().replyResult(ReplyResult.DUPLICATE).state("inventory").noCommand();
        assertThat(saga.version()).isEqualTo(version);
        assertThat(saga.timelineKinds()).hasSize(entries);
    }

    @Test
    void aDuplicateReplyFromTheParticipantIsRecordedAndChangesNothing() {
        scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class);
        String data = saga.dataJson();

        saga.expect().andGivenReplyResent()
                .expect().replyResult(ReplyResult.IGNORED).status(SagaStatus.RUNNING).state("inventory")
                .step("payment", StepStatus.SUCCEEDED, 1).step("inventory", StepStatus.RUNNING, 1)
                .timelineHas(Kind.REPLY_IGNORED, "late or duplicate reply of step payment")
                .noCommand();
        assertThat(saga.dataJson()).isEqualTo(data);
    }

    @Test
    void lateRepliesAfterTheSagaMovedOnChangeNothing() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        charge.andGivenReply(c -> new PaymentDeclined(c.requestId(), orderId, PaymentDeclined.INSUFFICIENT_CREDIT))
                .expect().status(SagaStatus.COMPENSATED)
                .andGivenReply(new PaymentCharged(charge.requestId(), orderId, "ch-late"))
                .expect().replyResult(ReplyResult.IGNORED).status(SagaStatus.COMPENSATED).outcome("PAYMENT_DECLINED")
                .timelineHas(Kind.REPLY_IGNORED, "already COMPENSATED").noCommand();
        assertThat(saga.dataJson()).doesNotContain("ch-late");
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " PAYMENT_DECLINED");
    }

    @Test
    void aForwardReplyWhileTheStepIsCompensatedIsIgnored() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        charge.andGivenDeadlinePassed().expect().command(ChargePayment.class)
                .andGivenDeadlinePassed().expect().command(ChargePayment.class)
                .andGivenDeadlinePassed().expect().state("payment.compensating").command(RefundPayment.class)
                .andGivenReply(c -> new PaymentCharged(charge.requestId(), orderId, "ch-late"))
                .expect().replyResult(ReplyResult.IGNORED).state("payment.compensating")
                .timelineHas(Kind.REPLY_IGNORED, "being compensated").noCommand();
    }

    @Test
    void aReplyWithAnUnknownRequestIdParksTheSagaWithTheReplyKept() {
        scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(UUID.randomUUID(), orderId, "ch-x"))
                .expect().replyResult(ReplyResult.PARKED).status(SagaStatus.NEEDS_ATTENTION).state("NEEDS_ATTENTION")
                .noDeadline().noCommand()
                .timelineHas(Kind.REPLY_FAILED, "matches no step");
        assertThat(saga.dataJson()).doesNotContain("ch-x");
    }

    @Test
    void aReplyOfTheWrongKindForTheStepParksTheSaga() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        charge.andGivenReply(c -> new PaymentRefunded(c.requestId(), orderId))
                .expect().replyResult(ReplyResult.PARKED).status(SagaStatus.NEEDS_ATTENTION).noCommand()
                .timelineHas(Kind.REPLY_FAILED, "cannot receive while its command is in flight");
    }

    @Test
    void aSagaParkedByANonsenseReplyStillTakesTheReplyItWaitsFor() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        charge.andGivenReply(c -> new PaymentRefunded(c.requestId(), orderId))
                .expect().status(SagaStatus.NEEDS_ATTENTION)
                .andGivenReply(new PaymentCharged(charge.requestId(), orderId, "ch-1"))
                .expect().state("inventory").command(ReserveInventory.class);
    }

    @Test
    void aReplyThatKeepsFailingParksTheSagaWithTheReplyKept() {
        scenario.outcomes.failWith = new IllegalStateException("orders table unavailable");
        SagaScenario.Expect scheduled = scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class)
                .andGivenReply(c -> new InventoryReserved(c.requestId(), orderId))
                .expect().command(ScheduleShipment.class)
                .andGivenReply(c -> new ShipmentScheduled(c.requestId(), orderId, "TRK-1"))
                .expect().replyResult(ReplyResult.PARKED).status(SagaStatus.NEEDS_ATTENTION).state("NEEDS_ATTENTION")
                .step("shipping", StepStatus.RUNNING, 1).noDeadline().noCommand()
                .timelineHas(Kind.REPLY_FAILED, "orders table unavailable");
        assertThat(saga.timeline()).filteredOn(e -> e.kind() == Kind.REPLY_FAILED).singleElement()
                .satisfies(e -> assertThat(e.messageType()).isEqualTo("ShipmentScheduled"));

        // the fault heals; support staff retry: the shipment is asked for again (same requestId), its reply completes
        scenario.outcomes.failWith = null;
        scheduled.andGivenOperator(SagaEvent.OPERATOR_RETRY, "orders table is back")
                .expect().status(SagaStatus.RUNNING).state("shipping")
                .command(ScheduleShipment.class)
                .andGivenReply(c -> new ShipmentScheduled(c.requestId(), orderId, "TRK-1"))
                .expect().status(SagaStatus.COMPLETED);
        assertThat(scenario.outcomes.told).containsExactly("completed " + orderId + " TRK-1");
    }

    @Test
    void anOperatorCompensatesARunningSagaIncludingTheStepInFlight() {
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        CommandExpectation<ReserveInventory> reserve = charge
                .andGivenReply(c -> new PaymentCharged(c.requestId(), orderId, "ch-1"))
                .expect().command(ReserveInventory.class);
        reserve.expect().andGivenOperator(SagaEvent.OPERATOR_COMPENSATE, "customer called to cancel")
                .expect().status(SagaStatus.COMPENSATING).state("inventory.compensating")
                .outcome("CANCELLED_BY_OPERATOR")
                .command(ReleaseInventory.class).withRequestId(reserve.requestId())
                .andGivenReply(c -> new InventoryReleased(c.requestId(), orderId))
                .expect().command(RefundPayment.class).withRequestId(charge.requestId())
                .andGivenReply(c -> new PaymentRefunded(c.requestId(), orderId))
                .expect().status(SagaStatus.COMPENSATED).noCommand();
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " CANCELLED_BY_OPERATOR");
    }

    @Test
    void operatorActionsCheckTheVersionAndTheState() {
        scenario.given().order(order).expect().command(ChargePayment.class)
                .andGivenReply(c -> new PaymentDeclined(c.requestId(), orderId, PaymentDeclined.INSUFFICIENT_CREDIT))
                .expect().status(SagaStatus.COMPENSATED);
        long version = saga.version();

        assertThat(saga.operations().compensate(saga.sagaId(), version - 1, "ops", "why").kind())
                .isEqualTo(OperatorResult.Kind.STALE_VERSION);
        assertThat(saga.operations().compensate(saga.sagaId(), version, "ops", "why").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        assertThat(saga.operations().resume(saga.sagaId(), version, "ops", "why").kind())
                .isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        assertThat(saga.operations().retry(UUID.randomUUID(), 0, "ops", "why").kind())
                .isEqualTo(OperatorResult.Kind.NOT_FOUND);
        assertThat(saga.version()).as("refused actions change nothing").isEqualTo(version);
    }

    @Test
    void resumeIsOnlyForParkedSagasAndWaitsWithoutSending() {
        scenario.outcomes.failWith = new IllegalStateException("boom");
        CommandExpectation<ChargePayment> charge = scenario.given().order(order).expect().command(ChargePayment.class);
        assertThat(saga.operations().resume(saga.sagaId(), saga.version(), "ops", "why").kind())
                .as("resume of a running saga").isEqualTo(OperatorResult.Kind.NOT_ALLOWED);
        charge.andGivenReply(c -> new PaymentDeclined(c.requestId(), orderId, PaymentDeclined.INSUFFICIENT_CREDIT))
                .expect().status(SagaStatus.NEEDS_ATTENTION);
        scenario.outcomes.failWith = null;

        saga.expect().andGivenOperator(SagaEvent.OPERATOR_RESUME, "fixed")
                .expect().status(SagaStatus.RUNNING).state("payment").deadlineIn(Duration.ofSeconds(10)).noCommand()
                .andGivenDeadlinePassed()
                .expect().command(ChargePayment.class).withRequestId(charge.requestId())
                .andGivenReply(c -> new PaymentDeclined(c.requestId(), orderId, PaymentDeclined.INSUFFICIENT_CREDIT))
                .expect().status(SagaStatus.COMPENSATED).outcome("PAYMENT_DECLINED");
        assertThat(scenario.outcomes.told).containsExactly("cancelled " + orderId + " PAYMENT_DECLINED");
    }
}
