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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Refusals are designed behaviour: a refused order is counted, not sent again; a 503 long poll is asked again. */
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
