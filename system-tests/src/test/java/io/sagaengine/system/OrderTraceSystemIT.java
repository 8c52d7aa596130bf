package io.sagaengine.system;

import io.sagaengine.system.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per order across the four services: the spans every service exports over OTLP to a receiver in the
 * test, for an order that ships to a country not served, so that its stock is released and its charge refunded.
 */
class OrderTraceSystemIT {

    private static SystemApi api;
    private static OtlpReceiver traces;

    @BeforeAll
    static void system() {
        api = new SystemApi(SystemStack.get());
        traces = SystemStack.traces();
    }

    @Test
    void servicesSentToACollectorStartTheUsualWayForTheirBuildHadNone() throws Exception {
        // the stack starts services with -Dspring.aot.enabled=true; the initializers were made without an OTLP
        // endpoint, so they would hold no span exporter: each service must notice and evaluate its conditions
        for (String service : List.of("orchestrator", "payment", "inventory", "shipping")) {
            assertThat(SystemStack.get().service(service).outputSinceStartContains(
                    "Starting without the ahead-of-time initializers, because the settings differ from the build's: "
                            + "management.opentelemetry.tracing.export.otlp.endpoint ('" + traces.tracesEndpoint()
                            + "' now, unset when built)"))
                    .as(service).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCompensatedOrderIsOneTreeFromTheRequestThroughEveryServiceAndBack() throws Exception {
        String sku = SystemApi.unique("TRACE");
        api.setStock(sku, 5);
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String callerSpan = hex.formatHex(random(8));
        SystemApi.Response placed = api.placeOrder(SystemApi.order(SystemApi.unique("traced"), "JP", Map.of(sku, 1)),
                UUID.randomUUID().toString(), "00-" + traceId + "-" + callerSpan + "-01");
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.json().path("orderId").asString();
        JsonNode order = api.awaitFinal(orderId, Duration.ofSeconds(60));
        assertThat(order.path("reason").asString()).isEqualTo("SHIPPING_UNAVAILABLE");

        // every service exports its spans every 200 ms: wait for the last transition (on the refund's reply, it ends
        // the saga as compensated) and every span between it and the request
        List<ReceivedSpan>[] found = new List[2];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<ReceivedSpan> trace = traces.trace(traceId);
            Optional<ReceivedSpan> last = trace.stream().filter(s -> s.name().equals("order COMPENSATED")
                    && "COMPENSATED".equals(s.attribute("saga.status"))).findFirst();
            found[0] = trace;
            found[1] = last.map(s -> chainToRoot(trace, s)).orElse(List.of());
            assertThat(found[1]).as("the parents of the last transition, among the spans of the trace: %s", trace)
                    .hasSizeGreaterThanOrEqualTo(12);
        });
        List<ReceivedSpan> trace = found[0];
        List<ReceivedSpan> chain = found[1];

        assertThat(trace).extracting(ReceivedSpan::service).as("one trace id for the order, from every service")
                .contains("saga-orchestrator", "payment-participant", "inventory-participant", "shipping-participant");
        assertThat(chain).extracting(s -> s.service() + ": " + s.name()).as("%s", chain).containsExactly(
                "saga-orchestrator: order COMPENSATED",
                "payment-participant: compensate RefundPayment",
                "saga-orchestrator: order COMPENSATED",
                "inventory-participant: compensate ReleaseInventory",
                "saga-orchestrator: order STEP_FAILED",
                "shipping-participant: handle ScheduleShipment",
                "saga-orchestrator: order STEP_SUCCEEDED",
                "inventory-participant: handle ReserveInventory",
                "saga-orchestrator: order STEP_SUCCEEDED",
                "payment-participant: handle ChargePayment",
                "saga-orchestrator: order START",
                "saga-orchestrator: http post /orders");
        ReceivedSpan request = chain.get(chain.size() - 1);
        assertThat(request.parentSpanId()).as("the caller's traceparent is continued").isEqualTo(callerSpan);
        ReceivedSpan failed = chain.get(4);
        assertThat(failed.attribute("saga.compensation")).isEqualTo("true");
        assertThat(failed.attribute("saga.from_state")).isEqualTo("shipping");
        assertThat(chain.get(5).attribute("saga.id")).isEqualTo(placed.json().path("sagaId").asString());
        assertThat(chain.get(1).attribute("saga.compensation")).isEqualTo("true");

        Path logs = SystemStack.get().dataDirectory().resolve("logs");
        assertThat(Files.readAllLines(logs.resolve("saga-orchestrator.log"))).as("the request's log lines carry its trace id")
                .anyMatch(line -> line.contains(traceId) && line.contains("/orders"));
        for (String module : List.of("saga-orchestrator", "payment-participant", "inventory-participant",
                "shipping-participant")) {
            assertThat(Files.readAllLines(logs.resolve(module + ".log"))).as("%s: spans go to the receiver only, "
                    + "metrics to no OTLP collector", module).noneMatch(line -> line.contains("OtlpMeterRegistry")
                    || line.contains("localhost:4318") || line.contains("Failed to export"));
        }
    }

    /** From {@code span} up its parents, as far as they were received. */
    private static List<ReceivedSpan> chainToRoot(List<ReceivedSpan> trace, ReceivedSpan span) {
        Map<String, ReceivedSpan> byId = trace.stream()
                .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        List<ReceivedSpan> chain = new ArrayList<>();
        for (ReceivedSpan at = span; at != null; at = byId.get(at.parentSpanId())) {
            chain.add(at);
        }
        return chain;
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(value);
        return value;
    }
}
