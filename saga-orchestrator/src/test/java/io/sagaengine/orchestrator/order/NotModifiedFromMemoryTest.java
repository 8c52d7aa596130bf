package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The 304 answered before the filter chain, and every request it must leave to the controller. */
class NotModifiedFromMemoryTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeOrders orders = new FakeOrders();
    private final OrderVersions versions = new OrderVersions(orders, new OrderApiProperties(DataSize.ofKilobytes(64),
            Duration.ofSeconds(30), Duration.ofSeconds(2), 0, 100), registry);
    private final OrderWaiters waiters = new OrderWaiters(versions, new OrderApiProperties(DataSize.ofKilobytes(64),
            Duration.ofSeconds(30), Duration.ofHours(1), 10, 100), registry);
    private final NotModifiedFromMemory filter = new NotModifiedFromMemory(versions, waiters, Duration.ofSeconds(30));
    private final UUID order = orders.store(UUID.randomUUID(), 3);

    @BeforeEach
    void theOrderIsAtVersion3() {
        versions.listening();
        versions.record(order, 3, false, versions.start());
        waiters.start();
    }

    @AfterEach
    void stop() {
        waiters.stop();
    }

    @Test
    void aLongPollThatSeesNoChangeEndsWith304Here() throws Exception {
        MockHttpServletRequest request = get("/orders/" + order, "\"3\"");
        request.addHeader("Prefer", "wait=1");
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter(request, chain);

        await().atMost(Duration.ofSeconds(5)).until(() -> response.getStatus() == 304);
        assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
        assertThat(response.getHeader("Preference-Applied")).isEqualTo("wait=1");
        assertThat(chain.getRequest()).isNull();
        assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath()).isNull();
        assertThat(orders.reads).hasValue(0);
    }

    @Test
    void aChangeWhileWaitingIsHandedToTheControllerWithWhatTheWaiterRead() throws Exception {
        MockHttpServletRequest request = get("/orders/" + order, "\"3\"");
        request.addHeader("Prefer", "wait=20");
        MockHttpServletResponse response = filter(request, new MockFilterChain());

        orders.store(order, 4);
        versions.changed(OrderChange.to(order, 4));
        waiters.changed(OrderChange.to(order, 4));

        MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
        await().atMost(Duration.ofSeconds(5)).until(() -> async.getDispatchedPath() != null);
        assertThat(async.getDispatchedPath()).isEqualTo("/orders/" + order);
        assertThat(response.getStatus()).as("not answered here").isEqualTo(200);
        assertThat(request.getAttribute(NotModifiedFromMemory.WAITED)).as("what the waiter read, handed over")
                .isInstanceOfSatisfying(NotModifiedFromMemory.Waited.class, waited -> assertThat(waited.outcome())
                        .isInstanceOfSatisfying(OrderWaiters.Outcome.Latest.class,
                                latest -> assertThat(latest.order().version()).isEqualTo(4)));
    }

    @Test
    void theCurrentVersionSeenIsAnswered304WithoutGoingFurther() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = filter(get("/orders/" + order, "\"3\""), chain);

        assertThat(response.getStatus()).isEqualTo(304);
        assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(chain.getRequest()).as("the chain was not called").isNull();
        assertThat(registry.counter("orders.status.reads", "source", "memory").count()).isEqualTo(1);
        assertThat(orders.reads).hasValue(0);
    }

    @Test
    void aWaitOfNoSecondsIsNoWait() throws Exception {
        MockHttpServletRequest request = get("/orders/" + order, "\"3\"");
        request.addHeader("Prefer", "wait=0");
        assertThat(filter(request, new MockFilterChain()).getStatus()).isEqualTo(304);
    }

    @Test
    void everythingElseGoesOnToTheController() throws Exception {
        MockHttpServletRequest longPoll = get("/orders/" + order, "\"3\"");
        longPoll.addHeader("Prefer", "wait=20");
        longPoll.setAsyncSupported(false);
        MockHttpServletRequest post = get("/orders/" + order, "\"3\"");
        post.setMethod("POST");
        MockHttpServletRequest query = get("/orders/" + order, "\"3\"");
        query.setQueryString("x=1");

        for (MockHttpServletRequest request : new MockHttpServletRequest[] {
                get("/orders/" + order, "\"2\""),
                get("/orders/" + order, null),
                get("/orders/" + UUID.randomUUID(), "\"3\""),
                get("/orders/" + order.toString().toUpperCase(), "\"3\""),
                get("/orders/" + order + "/x", "\"3\""),
                longPoll, post, query}) {
            MockFilterChain chain = new MockFilterChain();
            filter(request, chain);
            assertThat(chain.getRequest()).as(request.getMethod() + " " + request.getRequestURI()).isNotNull();
        }
    }

    @Test
    void nothingIsAnsweredFromMemoryWhileTheChangeListenerIsDown() throws Exception {
        versions.notListening();
        MockFilterChain chain = new MockFilterChain();
        filter(get("/orders/" + order, "\"3\""), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    private static MockHttpServletRequest get(String path, String ifNoneMatch) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setAsyncSupported(true);
        if (ifNoneMatch != null) {
            request.addHeader("If-None-Match", ifNoneMatch);
        }
        return request;
    }

    private MockHttpServletResponse filter(MockHttpServletRequest request, MockFilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
