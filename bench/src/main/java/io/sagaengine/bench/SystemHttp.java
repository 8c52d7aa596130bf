package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The system's HTTP APIs as a client sees them: orders on the orchestrator, the participants' operator APIs. */
final class SystemHttp implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where each service answers. */
    record Urls(String orders, String payment, String inventory, String shipping) {
        /** The participants on the three ports after the orchestrator's, as the local stack places them. */
        static Urls fromOrders(String orders) {
            URI uri = URI.create(orders);
            String base = uri.getScheme() + "://" + uri.getHost() + ":";
            int port = uri.getPort();
            return new Urls(orders, base + (port + 1), base + (port + 2), base + (port + 3));
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    private final Urls urls;
    private final String operatorAuthorization;

    SystemHttp(Urls urls, String operatorUser) {
        this.urls = urls;
        this.operatorAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString(operatorUser.getBytes(StandardCharsets.UTF_8));
    }

    Urls urls() {
        return urls;
    }

    CompletableFuture<HttpResponse<String>> placeOrder(String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(urls.orders() + "/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET /orders/{id}}; with an ETag, a long poll of up to {@code waitSeconds} for a change. */
    CompletableFuture<HttpResponse<String>> getOrder(String orderId, String etag, int waitSeconds) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(urls.orders() + "/orders/" + orderId))
                .timeout(Duration.ofSeconds(waitSeconds + 30L)).GET();
        if (etag != null) {
            request.header("If-None-Match", etag).header("Prefer", "wait=" + waitSeconds);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<JsonNode> operatorGet(String baseUrl, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", operatorAuthorization).GET().build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    return JSON.readTree(response.body());
                });
    }

    void operatorPut(String baseUrl, String path, String json) {
        HttpResponse<String> response = http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", operatorAuthorization)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + baseUrl + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
