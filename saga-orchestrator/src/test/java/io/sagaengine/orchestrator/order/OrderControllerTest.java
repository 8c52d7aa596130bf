package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.orchestrator.admission.AdmittingAll;
import io.sagaengine.outbox.listener.ServiceReadiness;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The order API over HTTP, with the database and the saga replaced by test doubles. */
@WebMvcTest(controllers = OrderController.class, properties = {"orders.max-body-size=1KB", "orders.max-wait=2s",
        "orders.max-waiters=1",
        "saga.security.users[0].name=support",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT"})
@Import({OrderPlacement.class, OrderWaiters.class, OrderVersions.class, OrderApiConfiguration.class,
        OpenOrchestratorApi.class, OrderControllerTest.RecordingSagaStarter.class, OrderControllerTest.Counting.class,
        AdmittingAll.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class OrderControllerTest {

    /** Remembers the sagas it was asked to start. */
    static class RecordingSagaStarter implements OrderSagaStarter {
        final List<PlacedOrder> started = new CopyOnWriteArrayList<>();

        @Override
        public void start(PlacedOrder order) {
            started.add(order);
        }
    }

    /** Meters, and a password encoder that counts the password checks. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        final AtomicInteger passwordChecks = new AtomicInteger();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        PasswordEncoder passwordEncoder() {
            PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    return real.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    passwordChecks.incrementAndGet();
                    return real.matches(raw, encoded);
                }
            };
        }
    }

    private static final String VALID = OrderRequestParserTest.VALID;
    private static final UUID ORDER_ID = UUID.fromString("2f1c7d0e-8a3b-4c5d-9e6f-0a1b2c3d4e5f");

    @Autowired
    MockMvc mvc;
    @Autowired
    RecordingSagaStarter sagas;
    @Autowired
    OrderWaiters waiters;
    @Autowired
    OrderVersions versions;
    @Autowired
    Counting counting;
    @Autowired
    MeterRegistry meters;
    @MockitoBean
    OrderRepository repository;
    @MockitoBean
    OrderEvents events;
    @MockitoBean
    PlatformTransactionManager transactionManager;
    @MockitoBean
    ServiceReadiness readiness;

    @BeforeEach
    void noSagasYet() {
        sagas.started.clear();
        when(repository.tryLock(any())).thenReturn(true);
        when(repository.findByIdempotencyKey(any())).thenReturn(Optional.empty());
    }

    @AfterEach
    void listenerDown() {
        versions.notListening();
    }

    @Test
    void acceptsAnOrderAndStartsItsSaga() throws Exception {
        MvcResult result = mvc.perform(placeOrder(VALID))
                .andExpect(status().isAccepted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andReturn();

        assertThat(sagas.started).hasSize(1);
        PlacedOrder placed = sagas.started.get(0);
        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/orders/" + placed.orderId());
        assertThat(result.getResponse().getContentAsString())
                .contains("\"orderId\":\"" + placed.orderId() + "\"", "\"sagaId\":\"" + placed.sagaId() + "\"");
        assertThat(placed.customerId()).isEqualTo("alice");
        assertThat(placed.currency()).isEqualTo("EUR");
        assertThat(placed.total()).isEqualTo(new BigDecimal("39.98"));
        assertThat(placed.lines()).containsExactly(new OrderLine("SKU-1", 2, new BigDecimal("19.99")));
        assertThat(placed.shippingAddress().country()).isEqualTo("DE");
        verify(repository).insert(eq(placed.orderId()), eq(placed.sagaId()), any(), eq(Optional.empty()));
        verify(events).placed(eq(placed.orderId()), eq(placed.sagaId()), any(), eq(0L));
    }

    @Test
    void anInstanceThatCannotDoItsWorkRefusesOrdersWithRetryAfterAndStoresNothing() throws Exception {
        when(readiness.refusesWork()).thenReturn(true);

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "k-not-ready"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not taking orders"));

        assertThat(sagas.started).isEmpty();
        verify(repository, never()).insert(any(), any(), any(), any());
    }

    @Test
    void aNewOrderComesWithTheEntityTagItsFirstLongPollWaitsFrom() throws Exception {
        when(repository.insert(any(), any(), any(), any())).thenReturn(1L);

        mvc.perform(placeOrder(VALID))
                .andExpect(status().isAccepted())
                .andExpect(header().string("ETag", "\"1\""));
    }

    @Test
    void listsEveryBadFieldAndStartsNothing() throws Exception {
        String body = VALID.replace("\"alice\"", "\"\"").replace("\"quantity\": 2", "\"quantity\": 0")
                .replace("\"DE\"", "\"Germany\"");

        mvc.perform(placeOrder(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.instance").value("/orders"))
                .andExpect(jsonPath("$.errors", hasSize(3)))
                .andExpect(jsonPath("$.errors[*].field",
                        containsInAnyOrder("customerId", "items[0].quantity", "shippingAddress.country")));

        assertThat(sagas.started).isEmpty();
        verify(repository, never()).insert(any(), any(), any(), any());
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        mvc.perform(placeOrder("{\"customerId\": \"alice\","))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed JSON"));
        assertThat(sagas.started).isEmpty();
    }

    @Test
    void onlyJsonIsAccepted() throws Exception {
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            mvc.perform(post("/orders").contentType(type).content(VALID))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(415));
        }
        mvc.perform(post("/orders").content(VALID))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/orders").contentType("application/json; charset=UTF-8").content(VALID))
                .andExpect(status().isAccepted());
        assertThat(sagas.started).hasSize(1);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsParsed() throws Exception {
        String atTheLimit = padTo(VALID, 1024);
        mvc.perform(placeOrder(atTheLimit)).andExpect(status().isAccepted());

        mvc.perform(placeOrder(padTo(VALID, 1025)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(413));
        // not even parsed: malformed JSON over the limit is still 413
        mvc.perform(placeOrder("{" + "x".repeat(2000)))
                .andExpect(status().isContentTooLarge());
        assertThat(sagas.started).hasSize(1);
    }

    @Test
    void aMalformedIdempotencyKeyIsBadRequest() throws Exception {
        for (String key : List.of("x".repeat(256), "caf\u00e9", "tab\tkey")) {
            mvc.perform(placeOrder(VALID).header("Idempotency-Key", key))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
        }
        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "one", "two"))
                .andExpect(status().isBadRequest());
        assertThat(sagas.started).isEmpty();

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "x".repeat(255))).andExpect(status().isAccepted());
    }

    @Test
    void theSameKeyAndBodyAgainGiveTheSameAnswerAndNoSecondSaga() throws Exception {
        NewOrder order = new OrderRequestParser().parse(VALID.getBytes(StandardCharsets.UTF_8));
        StoredOrder earlier = order(3, order.fingerprint(), "key-1");
        when(repository.findByIdempotencyKey(new IdempotencyKey("key-1"))).thenReturn(Optional.of(earlier));

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "key-1"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/orders/" + ORDER_ID))
                .andExpect(jsonPath("$.orderId").value(ORDER_ID.toString()))
                .andExpect(jsonPath("$.sagaId").value(earlier.sagaId().toString()))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(header().doesNotExist("ETag"));

        assertThat(sagas.started).isEmpty();
        verify(repository, never()).insert(any(), any(), any(), any());
        verify(events, never()).placed(any(), any(), any(), anyLong());
    }

    @Test
    void theSameKeyWithAnotherBodyIsUnprocessable() throws Exception {
        when(repository.findByIdempotencyKey(new IdempotencyKey("key-1")))
                .thenReturn(Optional.of(order(1, "0".repeat(64), "key-1")));

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "key-1"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(sagas.started).isEmpty();
    }

    @Test
    void theSameKeyWhileTheFirstRequestIsInFlightIsAConflict() throws Exception {
        when(repository.tryLock(new IdempotencyKey("busy"))).thenReturn(false);

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "busy"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(sagas.started).isEmpty();
    }

    @Test
    void whenTheUniqueKeyCatchesARaceTheWinnersOrderIsTheAnswer() throws Exception {
        NewOrder order = new OrderRequestParser().parse(VALID.getBytes(StandardCharsets.UTF_8));
        StoredOrder winner = order(1, order.fingerprint(), "raced");
        when(repository.findByIdempotencyKey(new IdempotencyKey("raced")))
                .thenReturn(Optional.empty(), Optional.of(winner));
        doThrow(new DuplicateKeyException("orders_idempotency_key_key"))
                .when(repository).insert(any(), any(), any(), eq(Optional.of(new IdempotencyKey("raced"))));

        mvc.perform(placeOrder(VALID).header("Idempotency-Key", "raced"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.orderId").value(ORDER_ID.toString()))
                .andExpect(jsonPath("$.sagaId").value(winner.sagaId().toString()));
        assertThat(sagas.started).isEmpty();
    }

    @Test
    void readsAnOrderWithItsEntityTag() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));

        mvc.perform(get("/orders/" + ORDER_ID))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(jsonPath("$.orderId").value(ORDER_ID.toString()))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.reason").value(nullValue()))
                .andExpect(jsonPath("$.trackingNumber").value(nullValue()))
                .andExpect(jsonPath("$.total").value("39.98"))
                .andExpect(jsonPath("$.currency").value("EUR"))
                .andExpect(jsonPath("$.createdAt").value("2025-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.updatedAt").value("2025-01-02T03:04:06Z"));
    }

    @Test
    void theCurrentEntityTagGivesNotModified() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));

        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\""))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(content().string(""));
        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"2\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"3\""));
    }

    @Test
    void aLongPollAnswersNotModifiedWhenNothingChanges() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));

        MvcResult waiting = mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"")
                        .header("Prefer", "wait=1"))
                .andExpect(request().asyncStarted())
                .andReturn();

        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"3\""))
                .andExpect(header().string("Preference-Applied", "wait=1"));
    }

    @Test
    void aLongPollAnswersWithTheChangedOrder() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));
        MvcResult waiting = mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"")
                        .header("Prefer", "wait=2"))
                .andExpect(request().asyncStarted())
                .andReturn();

        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(4, null, null)));
        waiters.changed(OrderChange.unknown(ORDER_ID));

        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(header().string("Preference-Applied", "wait=2"))
                .andExpect(jsonPath("$.orderId").value(ORDER_ID.toString()));
    }

    @Test
    void whileChangesAreAnnouncedTheCurrentEntityTagIsAnsweredFromMemory() throws Exception {
        versions.listening();
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));
        mvc.perform(get("/orders/" + ORDER_ID)).andExpect(status().isOk());

        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\""))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"3\""));
        MvcResult waiting = mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"")
                        .header("Prefer", "wait=1"))
                .andExpect(request().asyncStarted())
                .andReturn();
        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "\"3\""));

        verify(repository, times(1)).find(ORDER_ID);
        assertThat(meters.get("orders.status.reads").tag("source", "memory").counter().count()).isEqualTo(2);
    }

    @Test
    void aNewerVersionAnnouncedIsReadNotAnsweredFromMemory() throws Exception {
        versions.listening();
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));
        mvc.perform(get("/orders/" + ORDER_ID)).andExpect(status().isOk());

        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(4, null, null)));
        versions.changed(OrderChange.to(ORDER_ID, 4));

        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"4\""));
    }

    @Test
    void overTheCapALongPollIsRefusedWithRetryAfterNotAnsweredAtOnce() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));
        MvcResult first = mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"")
                        .header("Prefer", "wait=1"))
                .andExpect(request().asyncStarted())
                .andReturn();

        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"").header("Prefer", "wait=1"))
                .andExpect(request().asyncNotStarted())
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Too many long polls"));
        // a read without waiting is still answered
        mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\""))
                .andExpect(status().isNotModified());

        mvc.perform(asyncDispatch(first)).andExpect(status().isNotModified());
        assertThat(meters.get("orders.long.polls.refused").counter().count()).isEqualTo(1);
    }

    @Test
    void theOrderApiChecksNoPasswordEvenAWrongOne() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));
        String wrong = "Basic " + Base64.getEncoder().encodeToString("support:wrong".getBytes(StandardCharsets.UTF_8));
        counting.passwordChecks.set(0);

        mvc.perform(get("/orders/" + ORDER_ID).header("Authorization", wrong))
                .andExpect(status().isOk());
        mvc.perform(placeOrder(VALID).header("Authorization", wrong))
                .andExpect(status().isAccepted());
        assertThat(counting.passwordChecks).hasValue(0);

        // elsewhere the password is still checked
        mvc.perform(get("/not-the-order-api").header("Authorization", wrong))
                .andExpect(status().isUnauthorized());
        assertThat(counting.passwordChecks).hasValue(1);
    }

    @Test
    void theWaitIsCapped() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));

        MvcResult waiting = mvc.perform(get("/orders/" + ORDER_ID).header("If-None-Match", "\"3\"")
                        .header("Prefer", "wait=100"))
                .andExpect(request().asyncStarted())
                .andReturn();

        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isNotModified())
                .andExpect(header().string("Preference-Applied", "wait=2"));
    }

    @Test
    void withoutIfNoneMatchThereIsNothingToWaitFor() throws Exception {
        when(repository.find(ORDER_ID)).thenReturn(Optional.of(order(3, null, null)));

        mvc.perform(get("/orders/" + ORDER_ID).header("Prefer", "wait=2"))
                .andExpect(request().asyncNotStarted())
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Preference-Applied"));
    }

    @Test
    void anUnknownOrderIsNotFoundAndAMalformedIdIsBadRequest() throws Exception {
        when(repository.find(any())).thenReturn(Optional.empty());

        mvc.perform(get("/orders/" + UUID.randomUUID()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        for (String id : List.of("42", "not-a-uuid", "2f1c7d0e8a3b4c5d9e6f0a1b2c3d4e5f", "1-1-1-1-1")) {
            mvc.perform(get("/orders/" + id))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("orderId"));
        }
    }

    @Test
    void theOrderApiIsOpenAndEverythingElseNeedsCredentials() throws Exception {
        mvc.perform(get("/not-the-order-api"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/not-the-order-api").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized());
    }

    private static MockHttpServletRequestBuilder placeOrder(String body) {
        return post("/orders").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private static String padTo(String json, int bytes) {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat(length).isLessThanOrEqualTo(bytes);
        return json + " ".repeat(bytes - length);
    }

    private static StoredOrder order(long version, String fingerprint, String key) {
        return new StoredOrder(ORDER_ID, UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"), OrderStatus.PENDING,
                null, new BigDecimal("39.98"), "EUR", null, key, fingerprint, version,
                Instant.parse("2025-01-02T03:04:05Z"), Instant.parse("2025-01-02T03:04:06Z"));
    }
}
