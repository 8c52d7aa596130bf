package io.sagaengine.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SystemHttpTest {

    private static final String BASIC = "Basic b3BlcmF0b3I6cHc=";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void signsInOnceAndRenewsTheTokenWhenTheServiceRefusesIt() throws Exception {
        String url = serve(true);
        try (SystemHttp http = new SystemHttp(SystemHttp.Urls.fromOrders(url), "operator:pw")) {
            http.operatorGet(url, "/payments?orderId=o-1").join();
            http.operatorGet(url, "/payments?orderId=o-2").join();
            http.operatorPut(url, "/accounts/c-1", "{}");
            issued.incrementAndGet(); // the service forgets the token it issued (say, it restarted)
            assertThat(http.operatorGet(url, "/payments?orderId=o-3").join().get("ok").asBoolean()).isTrue();
        }
        assertThat(authorizations).containsExactly(BASIC, "Bearer t1", "Bearer t1", "Bearer t1", "Bearer t1",
                BASIC, "Bearer t3");
    }

    @Test
    void keepsHttpBasicForAServiceWithoutTokens() throws Exception {
        String url = serve(false);
        try (SystemHttp http = new SystemHttp(SystemHttp.Urls.fromOrders(url), "operator:pw")) {
            http.operatorGet(url, "/payments?orderId=o-1").join();
            http.operatorGet(url, "/payments?orderId=o-2").join();
        }
        assertThat(authorizations).containsExactly(BASIC, BASIC, BASIC);
    }

    /** A service whose only valid token is the last one it issued (t1, t2, ...); without tokens, only Basic works. */
    private String serve(boolean issuesTokens) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization);
            if (exchange.getRequestURI().getPath().equals("/admin/token")) {
                if (!issuesTokens) {
                    answer(exchange, 404, "{}");
                } else {
                    answer(exchange, 200, "{\"token\":\"t" + issued.incrementAndGet() + "\",\"expiresIn\":900}");
                }
                return;
            }
            boolean valid = issuesTokens ? ("Bearer t" + issued.get()).equals(authorization) : BASIC.equals(authorization);
            answer(exchange, valid ? 200 : 401, "{\"ok\":" + valid + "}");
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
