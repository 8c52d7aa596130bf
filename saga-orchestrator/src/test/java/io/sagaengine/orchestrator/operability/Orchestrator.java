package io.sagaengine.orchestrator.operability;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator's HTTP API as its users call it: apps place orders, support staff and operators use /admin. */
final class Orchestrator {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The accounts the tests log in with. */
    enum User {
        SUPPORT("sam", "sam-test-password", "SUPPORT"),
        OPERATOR("olga", "olga-test-password", "SUPPORT,OPERATOR");

        final String name;
        final String password;
        final String roles;

        User(String name, String password, String roles) {
            this.name = name;
            this.password = password;
            this.roles = roles;
        }

        String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    static final String ORDER = """
            { "customerId": "alice",
              "currency": "EUR",
              "items": [ { "sku": "SKU-1", "quantity": 2, "unitPrice": "19.99" } ],
              "shippingAddress": { "name": "Alice", "line1": "Main St 1", "city": "Berlin", "postalCode": "10115", "country": "DE" } }""";

    record Placed(UUID orderId, UUID sagaId) {
    }

    /** The test accounts, as configuration gives them to the service: bcrypt hashes, never plain text. */
    static void users(DynamicPropertyRegistry registry) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        User[] users = User.values();
        for (int i = 0; i < users.length; i++) {
            String name = users[i].name;
            String hash = "{bcrypt}" + bcrypt.encode(users[i].password);
            registry.add("saga.security.users[" + i + "].name", () -> name);
            registry.add("saga.security.users[" + i + "].password", () -> hash);
            String roles = users[i].roles;
            registry.add("saga.security.users[" + i + "].roles", () -> roles);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Orchestrator(int port) {
        this.port = port;
    }

    Placed placeOrder() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        return new Placed(UUID.fromString(body.get("orderId").asString()), UUID.fromString(body.get("sagaId").asString()));
    }

    JsonNode order(UUID orderId) throws Exception {
        return ok(send(HttpRequest.newBuilder(uri("/orders/" + orderId)).GET()));
    }

    /** GET with a user's credentials (or none). */
    HttpResponse<String> get(String path, User user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (user != null) {
            request.header("Authorization", user.basic());
        }
        return send(request);
    }

    /** The saga as support staff see it; must be 200. */
    JsonNode saga(UUID sagaId) throws Exception {
        return ok(get("/admin/sagas/" + sagaId, User.SUPPORT));
    }

    /**
     * POST /admin/sagas/{id}/{action} with a reason.
     *
     * @param user    null for no credentials
     * @param ifMatch null for no If-Match
     */
    HttpResponse<String> act(User user, UUID sagaId, String action, String ifMatch, String reason) throws Exception {
        String body = reason == null ? "{}" : JSON.writeValueAsString(Map.of("reason", reason));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/admin/sagas/" + sagaId + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", user.basic());
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Asserts a problem answer with this status and returns its body. */
    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = body(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
