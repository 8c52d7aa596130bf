package io.sagaengine.chaos;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The system's HTTP APIs as a client and an operator use them. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The dev profile's operator (the stack runs the services with the dev profile). */
    private static final String OPERATOR = "Basic " + Base64.getEncoder()
            .encodeToString("operator:operator-dev-password".getBytes(StandardCharsets.UTF_8));
    static final Duration POST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Function<String, String> urls;

    /** @param urls the base URL of a service instance by its name */
    Api(Function<String, String> urls) {
        this.urls = urls;
    }

    /**
     * What {@code POST /orders} answered; status -1 when no answer came (timeout, connection refused or reset).
     *
     * @param retryAfter the {@code Retry-After} header, or null
     */
    record Answer(int status, String orderId, String sagaId, String detail, String retryAfter) {
        Answer(int status, String orderId, String sagaId, String detail) {
            this(status, orderId, sagaId, detail, null);
        }

        static Answer unknown(Throwable failure) {
            Throwable cause = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                    ? failure.getCause() : failure;
            return new Answer(-1, null, null, cause.getClass().getSimpleName());
        }

        boolean unknown() {
            return status < 0;
        }

        /** 202 or a 4xx other than 409 and 429: nothing would change by asking again. */
        boolean definitive() {
            return status == 202 || (status >= 400 && status < 500 && status != 409 && status != 429);
        }

        /**
         * The system shed the request ({@code 503} overloaded or not ready, {@code 429} too many from this
         * client): designed behaviour, nothing stored; a client may ask again after {@code Retry-After}.
         */
        boolean refused() {
            return status == 503 || status == 429;
        }

        /** {@code Retry-After} in seconds; empty when absent or an HTTP date. */
        OptionalLong retryAfterSeconds() {
            try {
                return retryAfter == null ? OptionalLong.empty()
                        : OptionalLong.of(Math.max(0, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        String outcome() {
            return unknown() ? "unknown" : Integer.toString(status);
        }
    }

    CompletableFuture<Answer> placeOrder(String instance, String idempotencyKey, String body) {
        String url;
        try {
            url = urls.apply(instance);
        } catch (IllegalArgumentException gone) { // an instance removed since it was chosen: as if it did not answer
            return CompletableFuture.completedFuture(Answer.unknown(gone));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/orders"))
                .timeout(POST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(Api::answer)
                .exceptionally(Answer::unknown);
    }

    private static Answer answer(HttpResponse<String> response) {
        if (response.statusCode() == 202) {
            JsonNode body = JSON.readTree(response.body());
            return new Answer(202, body.path("orderId").asString(null), body.path("sagaId").asString(null), null);
        }
        String body = response.body() == null ? "" : response.body();
        return new Answer(response.statusCode(), null, null, body.length() > 300 ? body.substring(0, 300) : body,
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** An HTTP status and body. */
    record Reply(int status, String body) {
    }

    /** {@code GET path} of one instance as the operator (e.g. {@code /actuator/prometheus}); status -1 on no answer. */
    Reply operatorRead(String instance, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(urls.apply(instance) + path))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", OPERATOR).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, e.toString());
        }
    }

    /** {@code GET /orders/{id}}: the order as an app sees it. */
    JsonNode order(String orderId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(urls.apply(ChaosStack.ORCHESTRATOR) + "/orders/" + orderId))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /orders/" + orderId + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    JsonNode stock(String sku) throws IOException, InterruptedException {
        return operatorGet("inventory", "/stock/" + sku);
    }

    void setStock(String sku, int available) throws IOException, InterruptedException {
        operatorPut("inventory", "/stock/" + sku, "{\"available\":" + available + "}");
    }

    void setCreditLimit(String customerId, String creditLimit) throws IOException, InterruptedException {
        operatorPut("payment", "/accounts/" + customerId, "{\"creditLimit\":\"" + creditLimit + "\"}");
    }

    private JsonNode operatorGet(String instance, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(urls.apply(instance) + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", OPERATOR).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void operatorPut(String instance, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(urls.apply(instance) + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", OPERATOR)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
