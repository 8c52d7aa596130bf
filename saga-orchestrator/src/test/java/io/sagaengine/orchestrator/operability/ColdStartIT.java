package io.sagaengine.orchestrator.operability;

import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.orchestrator.OrchestratorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cold start under live traffic, on the real PostgreSQL and Kafka: an instance that has not yet seen a saga finish
 * takes no more sagas than its initial limit, however many orders arrive at once; the rest are refused with 503 and
 * Retry-After, get in when they ask again, and every accepted order finishes. Without admission the whole burst is
 * taken at once, before the instance knows how fast it finishes sagas.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"saga.engine.consumer-group=orchestrator-cold-start-it", "saga.order.step-deadline=1h"})
class ColdStartIT extends OrchestratorWithPlayedParticipants {

    private static final int INITIAL_LIMIT = 20;
    private static final int BURST = 3 * INITIAL_LIMIT;
    private static final int WAVE = 4;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_cold_start_it");
        // the product's defaults, which the tests that share the base class lift
        registry.add("orders.admission.initial-limit", () -> INITIAL_LIMIT);
        registry.add("orders.admission.min-limit", () -> 4);
        registry.add("orders.admission.max-limit", () -> 500);
    }

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aColdInstanceTakesItsInitialLimitOfABurstAndTheRefusedOrdersGetInWhenTheyAskAgain() throws Exception {
        // a burst in waves no larger than the order API's share of connections, so that only admission can refuse
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int wave = 0; wave < BURST; wave += WAVE) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = wave; i < wave + WAVE; i++) {
                sent.add(http.sendAsync(placement("cold-" + i), HttpResponse.BodyHandlers.ofString()));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            burst.addAll(sent);
        }

        List<UUID> accepted = new ArrayList<>();
        List<Integer> refused = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            HttpResponse<String> response = burst.get(i).join();
            if (response.statusCode() == 202) {
                accepted.add(UUID.fromString(Orchestrator.body(response).get("sagaId").asString()));
            } else {
                JsonNode problem = Orchestrator.problem(response, 503);
                assertThat(problem.get("title").asString()).isEqualTo("Too busy");
                assertThat(problem.get("reason").asString()).isEqualTo("limit");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                refused.add(i);
            }
        }
        assertThat(accepted).as("sagas taken before any finished").hasSize(INITIAL_LIMIT);
        assertThat(meters.get("orders.admission.in.flight").gauge().value()).isLessThanOrEqualTo(INITIAL_LIMIT);

        // the participants answer: what was taken finishes, and places free up for the orders refused
        participants.answerAll(accepted);
        awaitCompleted(accepted);
        List<UUID> retried = new ArrayList<>();
        for (int i : refused) {
            HttpRequest again = placement("cold-" + i);
            UUID[] saga = new UUID[1];
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
                HttpResponse<String> response = http.send(again, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    saga[0] = UUID.fromString(Orchestrator.body(response).get("sagaId").asString());
                    return true;
                }
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                return false;
            });
            retried.add(saga[0]);
            participants.answerAll(List.of(saga[0]));
        }
        awaitCompleted(retried);
        assertThat(accepted.size() + retried.size()).isEqualTo(BURST);
    }

    private HttpRequest placement(String customer) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", customer)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Orchestrator.ORDER.replace("alice", customer))).build();
    }

    private void awaitCompleted(List<UUID> sagas) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (UUID saga : sagas) {
                assertThat(orchestrator.saga(saga).get("status").asString()).isEqualTo("COMPLETED");
            }
        });
    }
}
