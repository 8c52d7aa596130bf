package io.sagaengine.testsupport.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.util.List;

/**
 * A Micrometer tracer on the OpenTelemetry SDK, as Spring Boot wires it (W3C propagation), that keeps every ended
 * span in memory, for tests of what code records and propagates.
 */
public final class RecordingTracer implements AutoCloseable {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final OtelTracer tracer;
    private final OtelPropagator propagator;

    public RecordingTracer() {
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelCurrentTraceContext context = new OtelCurrentTraceContext();
        tracer = new OtelTracer(otel, context, event -> { }, new OtelBaggageManager(context, List.of(), List.of()));
        propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    }

    public Tracer tracer() {
        return tracer;
    }

    public Propagator propagator() {
        return propagator;
    }

    /** The spans ended so far, in the order they ended. */
    public List<SpanData> ended() {
        return spans.getFinishedSpanItems();
    }

    /** The one ended span named {@code name}. */
    public SpanData named(String name) {
        List<SpanData> found = ended().stream().filter(s -> s.getName().equals(name)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one span named " + name + ", found " + found.size() + " among "
                    + ended().stream().map(SpanData::getName).toList());
        }
        return found.get(0);
    }

    /** The W3C traceparent of {@code span}. */
    public static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + (span.getSpanContext().isSampled() ? "-01" : "-00");
    }

    @Override
    public void close() {
        provider.close();
    }
}
