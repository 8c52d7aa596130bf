/**
 * Unit tests of a saga definition without broker or database, in given/expect style: a
 * {@link io.sagaengine.engine.test.SagaScenario} runs the engine's real logic over in-memory ports and a
 * {@link io.sagaengine.engine.test.TestClock} the script moves.
 * <pre>{@code
 * SagaScenario<OrderData> saga = SagaScenario.of(OrderSaga.definition(), messaging, reader);
 * saga.given().start(sagaId, data)
 *     .expect().command(ChargePayment.class).to("payment.commands")
 *     .andGivenReply(charge -> new PaymentCharged(charge.requestId(), ...))
 *     .expect().command(ReserveInventory.class)
 *     .andGivenDeadlinePassed()
 *     .expect().status(SagaStatus.RUNNING).step("inventory", StepStatus.RUNNING, 2);
 * }</pre>
 * A {@link io.sagaengine.engine.test.SagaReplayer} replays timelines recorded by a running system
 * ({@link io.sagaengine.engine.SagaTimelineExport}, from its admin API's export) against a changed definition and
 * reports ({@link io.sagaengine.engine.test.ReplayReport}, {@link io.sagaengine.engine.test.ReplayResult}) which
 * sagas in flight it cannot continue.
 * The public surface: {@link io.sagaengine.engine.test.SagaScenario} (with its {@code Given}, {@code Expect} and
 * {@code CommandExpectation}), {@link io.sagaengine.engine.test.ReplyResult},
 * {@link io.sagaengine.engine.test.TestClock}, {@link io.sagaengine.engine.test.SagaReplayer},
 * {@link io.sagaengine.engine.test.ReplayReport} and {@link io.sagaengine.engine.test.ReplayResult}.
 */
package io.sagaengine.engine.test;
