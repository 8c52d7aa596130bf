package io.sagaengine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Refusals are designed behaviour: a refused order is counted, not sent again; a 503 long poll is asked again. An
 * order given up at the end of the drain stays given up.
 */
class OpenLoopRunRefusalTest {

    private final AtomicInteger posts = new AtomicInteger();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRefusedOrderIsCountedAndNotSentAgainAndARefusedLongPollIsAskedAgainAfterRetryAfter() throws Exception {
        String url = serve();
        RatePhases schedule = new RatePhases(List.of(RatePhases.Phase.constant("load", 10, 1)));
        OpenLoopRun.Outcome outcome;
        OpenLoopRun run;
        try (SystemHttp http = new SystemHttp(SystemHttp.Urls.fromOrders(url), "operator:pw")) {
            run = new OpenLoopRun(http, schedule, 0, 1, 20, 1, line -> { });
            outcome = run.run(new Fixtures("t", "DE", "JP"), OrderMix.parse("happy=100"), new OpenLoopRun.Window() {
                @Override
                public void started() {
                }

                @Override
                public void ended() {
                }
            });
        }

        assertThat(posts).as("every order sent once, refused or not").hasValue(10);
        assertThat(outcome.refused()).isEqualTo(5);
        assertThat(outcome.errors()).as("neither refusals nor refused long polls are errors").isZero();
        assertThat(outcome.orders()).filteredOn(TrackedOrder::accepted).hasSize(5).allMatch(TrackedOrder::terminal);
        assertThat(outcome.orders()).filteredOn(o -> o.refused).noneMatch(TrackedOrder::accepted);
        assertThat(run.pollRefusals()).isEqualTo(5);
        assertThat(polls.values()).allMatch(n -> n.get() == 2);
    }

    @Test
    void anOrderGivenUpAtTheEndOfTheDrainStaysUnfinishedWhenItsAnswerComesLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/orders", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("ETag", "\"1\"");
                answer(exchange, 202, "{\"orderId\":\"o1\"}");
                return;
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "{\"status\":\"COMPLETED\",\"reason\":null}");
            answered.countDown();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (SystemHttp http = new SystemHttp(SystemHttp.Urls.fromOrders(url), "operator:pw")) {
            OpenLoopRun.Outcome outcome = new OpenLoopRun(http, new RatePhases(List.of(
                    RatePhases.Phase.constant("load", 1, 1))), 0, 1, 1, 20, line -> { })
                    .run(new Fixtures("t", "DE", "JP"), OrderMix.parse("happy=100"), new OpenLoopRun.Window() {
                        @Override
                        public void started() {
                        }

                        @Override
                        public void ended() {
                        }
                    });
            TrackedOrder order = outcome.orders().get(0);
            assertThat(order.error).startsWith("not terminal 1 s after the last send");

            release.countDown();
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> !order.terminal() && order.error != null);
        }
    }

    /** Every second POST is refused; each order's first long poll is refused, its second shows it completed. */
    private String serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/orders", exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                exchange.getRequestBody().readAllBytes();
                if (posts.incrementAndGet() % 2 == 0) {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    answer(exchange, 503, "{\"title\":\"overloaded\"}");
                } else {
                    String id = "o" + posts.get();
                    exchange.getResponseHeaders().add("ETag", "\"1\"");
                    answer(exchange, 202, "{\"orderId\":\"" + id + "\"}");
                }
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/orders/".length());
            if (polls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 503, "{\"title\":\"too many waiting\"}");
            } else {
                exchange.getResponseHeaders().add("ETag", "\"2\"");
                answer(exchange, 200, "{\"status\":\"COMPLETED\",\"reason\":null}");
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
