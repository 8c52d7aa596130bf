package io.sagaengine.orchestrator.operability;

import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission on the real PostgreSQL and Kafka: sagas an operator paused no longer hold places in the order API's
 * limit. With a limit of three and participants that do not answer, three orders fill it; once support pauses their
 * sagas, orders are admitted again, long before the in-flight timeout would have dropped the paused ones.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-paused-admission-it",
                "saga.order.step-deadline=1h"})
@TestPropertySource(properties = {
        "orders.admission.min-limit=3", "orders.admission.initial-limit=3", "orders.admission.max-limit=3",
        "orders.admission.in-flight-timeout=1h"})
class PausedSagasAdmissionIT extends OrchestratorWithPlayedParticipants {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_paused_admission_it");
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sagasPausedBySupportGiveTheirPlacesBackToNewOrders() throws Exception {
        List<Placed> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(orchestrator.placeOrder());
        }
        HttpResponse<String> full = place();
        Orchestrator.problem(full, 503);

        for (Placed placed : held) {
            String version = orchestrator.saga(placed.sagaId()).get("version").asString();
            HttpResponse<String> paused = orchestrator.act(User.OPERATOR, placed.sagaId(), "pause", version,
                    "held for a fraud check");
            assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        }

        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            int status = place().statusCode();
            statuses.add(status);
            return status == 202;
        });
        assertThat(statuses).as("refused while the paused sagas were still counted, then admitted")
                .allMatch(s -> s == 503 || s == 202);
    }

    private HttpResponse<String> place() throws Exception {
        return http.send(HttpRequest.newBuilder(orchestrator.uri("/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Orchestrator.ORDER))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
