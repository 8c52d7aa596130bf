package io.sagaengine.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The system's HTTP APIs as a client sees them: orders on the orchestrator, the participants' operator APIs. The
 * operator signs in once per service ({@code POST /admin/token} with HTTP Basic) and sends the bearer token after
 * that, so the service checks the password hash once, not on every call; a service without that endpoint (404)
 * gets HTTP Basic on every call.
 */
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
    private final String operatorBasic;
    private final Map<String, CompletableFuture<SignedIn>> signIns = new ConcurrentHashMap<>();

    /** How to sign a request in on one service, until when. */
    private record SignedIn(String authorization, Instant renewAt, boolean bearer) {
    }

    SystemHttp(Urls urls, String operatorUser) {
        this.urls = urls;
        this.operatorBasic = "Basic " + Base64.getEncoder()
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
        return operatorText(baseUrl, path, Duration.ofSeconds(30)).thenApply(JSON::readTree);
    }

    /** {@code GET path} as the operator; fails unless the answer is {@code 200}. */
    CompletableFuture<String> operatorText(String baseUrl, String path, Duration timeout) {
        return asOperator(baseUrl, authorization -> HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", authorization).GET().build()).thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    return response.body();
                });
    }

    void operatorPut(String baseUrl, String path, String json) {
        HttpResponse<String> response = asOperator(baseUrl, authorization -> HttpRequest.newBuilder(
                        URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build()).join();
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + baseUrl + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** {@code POST path} with a JSON body and {@code If-Match: version} as the operator; the answer as it came. */
    CompletableFuture<HttpResponse<String>> operatorPost(String baseUrl, String path, long version, String json) {
        return asOperator(baseUrl, authorization -> HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"" + version + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends as the operator of {@code baseUrl}'s service; a refused token (401) is renewed once and sent again. */
    private CompletableFuture<HttpResponse<String>> asOperator(String baseUrl, Function<String, HttpRequest> request) {
        CompletableFuture<SignedIn> signIn = signIn(baseUrl);
        return signIn.thenCompose(used -> send(request.apply(used.authorization())).thenCompose(response -> {
            if (response.statusCode() != 401 || !used.bearer()) {
                return CompletableFuture.completedFuture(response);
            }
            signIns.remove(baseUrl, signIn);
            return signIn(baseUrl).thenCompose(fresh -> send(request.apply(fresh.authorization())));
        }));
    }

    /** The service's sign-in: a new one when there is none, it failed, or 90% of its token's life has passed. */
    private CompletableFuture<SignedIn> signIn(String baseUrl) {
        return signIns.compute(baseUrl, (url, known) -> known == null || known.isCompletedExceptionally()
                || known.isDone() && Instant.now().isAfter(known.join().renewAt()) ? requestToken(url) : known);
    }

    private CompletableFuture<SignedIn> requestToken(String baseUrl) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", operatorBasic)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).thenApply(response -> {
                    if (response.statusCode() == 404) {
                        return new SignedIn(operatorBasic, Instant.MAX, false);
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("POST " + baseUrl + "/admin/token answered "
                                + response.statusCode() + ": " + response.body());
                    }
                    JsonNode token = JSON.readTree(response.body());
                    Duration ttl = Duration.ofSeconds(token.get("expiresIn").asLong());
                    Instant renewAt = Instant.now().plus(ttl.minus(ttl.dividedBy(10)));
                    return new SignedIn("Bearer " + token.get("token").asString(), renewAt, true);
                });
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
