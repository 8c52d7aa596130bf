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

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator's admin API as support staff and operators call it, with the test's accounts. */
final class AdminHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

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

    /** The test accounts, as configuration gives them to the service: bcrypt hashes. */
    static void users(DynamicPropertyRegistry registry) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        User[] users = User.values();
        for (int i = 0; i < users.length; i++) {
            User user = users[i];
            String hash = "{bcrypt}" + bcrypt.encode(user.password);
            registry.add("saga.security.users[" + i + "].name", () -> user.name);
            registry.add("saga.security.users[" + i + "].password", () -> hash);
            registry.add("saga.security.users[" + i + "].roles", () -> user.roles);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    /** GET with a user's credentials, or none when {@code user} is null. */
    HttpResponse<String> get(String path, User user) throws Exception {
        return send(authorized(HttpRequest.newBuilder(uri(path)).GET(), user));
    }

    /** POST of a JSON body with a user's credentials, or none when {@code user} is null. */
    HttpResponse<String> post(String path, User user, Object body) throws Exception {
        return send(authorized(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), user));
    }

    /** GET that must answer 200; its body. */
    JsonNode read(String path, User user) throws Exception {
        return ok(get(path, user));
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Asserts a problem answer with this status and returns its body. */
    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, User user) {
        if (user != null) {
            request.header("Authorization", user.basic());
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
