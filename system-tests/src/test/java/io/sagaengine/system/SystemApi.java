package io.sagaengine.system;

import io.sagaengine.localstack.LocalStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** The system's public HTTP APIs, as a client sees them. */
final class SystemApi {

    static final String OPERATOR = "operator:operator-dev-password";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalStack stack;
    private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();

    SystemApi(LocalStack stack) {
        this.stack = stack;
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An order body: one line per sku:quantity pair, unit price 10.00, shipped to {@code country}. */
    static String order(String customerId, String country, Map<String, Integer> lines) {
        StringBuilder items = new StringBuilder();
        lines.forEach((sku, quantity) -> items.append(items.isEmpty() ? "" : ",")
                .append("{\"sku\":\"").append(sku).append("\",\"quantity\":").append(quantity)
                .append(",\"unitPrice\":\"10.00\"}"));
        return """
                {"customerId":"%s","currency":"EUR","items":[%s],\
                "shippingAddress":{"name":"Test","line1":"Street 1","city":"City","postalCode":"12345","country":"%s"}}"""
                .formatted(customerId, items, country);
    }

    Response placeOrder(String body, String idempotencyKey) {
        return placeOrder(body, idempotencyKey, null);
    }

    /** @param traceparent the W3C trace context of the caller's span; null for none */
    Response placeOrder(String body, String idempotencyKey, String traceparent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("orchestrator", "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return send(request);
    }

    Response getOrder(String orderId, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("orchestrator", "/orders/" + orderId))
                .timeout(Duration.ofSeconds(40)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Response getSaga(String sagaId) {
        return send(HttpRequest.newBuilder(uri("orchestrator", "/sagas/" + sagaId)).GET());
    }

    /** Places an order and expects it accepted; returns the answer's JSON. */
    /**
     * Places the order as a well-behaved client does: refused with {@code 503} and {@code Retry-After} (the
     * orchestrator sheds load it cannot finish in time), it sends the same request again later with the same
     * Idempotency-Key.
     */
    JsonNode accepted(String body) {
        String key = UUID.randomUUID().toString();
        Response[] last = new Response[1];
        await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Response response = placeOrder(body, key);
            last[0] = response;
            if (response.status() == 503 && response.header("Retry-After") != null) {
                return false;
            }
            if (response.status() != 202) {
                throw new AssertionError("expected 202, got " + response.status() + ": " + response.body());
            }
            return true;
        });
        return last[0].json();
    }

    /** Waits until the order leaves PENDING and returns its final state. */
    JsonNode awaitFinal(String orderId, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = getOrder(orderId);
            last[0] = response.status() == 200 ? response.json() : null;
            return last[0] != null && !"PENDING".equals(last[0].path("status").asString());
        });
        return last[0];
    }

    JsonNode payments(String orderId) {
        return operatorGet("payment", "/payments?orderId=" + orderId).json();
    }

    BigDecimal netCharged(String orderId) {
        return new BigDecimal(payments(orderId).path("netCharged").asString("0"));
    }

    JsonNode reservations(String orderId) {
        return operatorGet("inventory", "/reservations?orderId=" + orderId).json();
    }

    JsonNode shipments(String orderId) {
        return operatorGet("shipping", "/shipments?orderId=" + orderId).json();
    }

    JsonNode stock(String sku) {
        return operatorGet("inventory", "/stock/" + sku).json();
    }

    void setStock(String sku, int available) {
        Response r = operatorPut("inventory", "/stock/" + sku, "{\"available\":" + available + "}");
        if (r.status() / 100 != 2) {
            throw new AssertionError("setting stock failed: " + r.status() + " " + r.body());
        }
    }

    void setCreditLimit(String customerId, String limit) {
        Response r = operatorPut("payment", "/accounts/" + customerId, "{\"creditLimit\":\"" + limit + "\"}");
        if (r.status() / 100 != 2) {
            throw new AssertionError("setting credit failed: " + r.status() + " " + r.body());
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response operatorGet(String service, String path) {
        return send(HttpRequest.newBuilder(uri(service, path)).header("Authorization", operator(service)).GET());
    }

    private Response operatorPut(String service, String path, String body) {
        return send(HttpRequest.newBuilder(uri(service, path)).header("Authorization", operator(service))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * A bearer token per service, bought with HTTP Basic once, as scripts should: a password check costs a bcrypt
     * hash (tens of milliseconds), a token check does not, and the invariant checks read every order's effects.
     */
    private String operator(String service) {
        return tokens.computeIfAbsent(service, s -> {
            Response answer = send(HttpRequest.newBuilder(uri(s, "/admin/token")).header("Authorization", basic(OPERATOR))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (answer.status() != 200) {
                throw new AssertionError("sign-in at " + s + " failed: " + answer.status() + " " + answer.body());
            }
            return "Bearer " + answer.json().path("token").asString();
        });
    }

    private URI uri(String service, String path) {
        return URI.create(stack.service(service).url() + path);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
