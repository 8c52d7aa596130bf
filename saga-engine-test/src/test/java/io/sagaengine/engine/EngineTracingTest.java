package io.sagaengine.engine;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.test.TestClock;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.testsupport.tracing.RecordingTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A span per transition: the start a child of the span in scope (the order request), a reply's transition a child of
 * the reply's trace context (one span per reply of a batch), a deadline's a child of the saga's start; the commands
 * a transition sends carry its span's context.
 */
class EngineTracingTest {

    private static final String REPLY_X = "00-11111111111111111111111111111111-aaaaaaaaaaaaaaaa-01";
    private static final String REPLY_Y = "00-22222222222222222222222222222222-bbbbbbbbbbbbbbbb-01";

    private final RecordingTracer recording = new RecordingTracer();
    private final InMemorySagaWorld world = new InMemorySagaWorld();
    private final TestSaga.Messaging messaging = new TestSaga.Messaging();
    private final SagaDefinition<Data> definition = TestSaga.definition();
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DefaultSagaEngine engine = new DefaultSagaEngine(
            new SagaLogic(new SagaRegistry(List.of(definition), 2), messaging, new SagaJson(), clock, () -> 0.5),
            messaging, world, world, world, world, List::of, List::of,
            new DefaultSagaEngine.Settings("test", 3, 3, 100, Duration.ofSeconds(2)), ReplyFrontier.clockOnly(), world,
            OutboxPublishing.always(), MessageTracing.of(recording.tracer(), recording.propagator()));

    @AfterEach
    void close() {
        recording.close();
    }

    @Test
    void theStartIsASpanInTheRequestsTraceAndItsCommandAndTheSagaCarryIt() {
        Tracer tracer = recording.tracer();
        Span request = tracer.nextSpan().name("http post /orders").start();
        UUID id;
        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            id = start("x");
        } finally {
            request.end();
        }

        SpanData start = recording.named("test START");
        assertThat(start.getTraceId()).isEqualTo(request.context().traceId());
        assertThat(start.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(attribute(start, "saga.from_state")).isEqualTo("NEW");
        assertThat(attribute(start, "saga.to_state")).isEqualTo("a");
        assertThat(attribute(start, "saga.type")).isEqualTo("test");
        assertThat(last(world.outbox()).traceparent()).isEqualTo(RecordingTracer.traceparent(start));
        assertThat(world.saga(id).traceparent()).isEqualTo(RecordingTracer.traceparent(start));
    }

    @Test
    void eachReplyOfABatchIsASpanOfItsOwnUnderItsReplyAndTheCommandsItSendsCarryIt() {
        UUID x = start("x");
        UUID y = start("y");

        engine.onReplies(List.of(reply(x, new AOk(RequestIds.of(x, "a"), 1), REPLY_X),
                reply(y, new AOk(RequestIds.of(y, "a"), 1), REPLY_Y)));

        List<SpanData> transitions = recording.ended().stream()
                .filter(s -> s.getName().equals("test STEP_SUCCEEDED")).toList();
        assertThat(transitions).extracting(SpanData::getTraceId)
                .containsExactly("11111111111111111111111111111111", "22222222222222222222222222222222");
        assertThat(transitions).extracting(SpanData::getParentSpanId)
                .containsExactly("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb");
        assertThat(attribute(transitions.get(0), "saga.from_state")).isEqualTo("a");
        assertThat(attribute(transitions.get(0), "saga.to_state")).isEqualTo("b");
        assertThat(attribute(transitions.get(0), "saga.compensation")).isEqualTo(false);
        List<OutboxMessage> doB = world.outbox().stream().filter(m -> m.type().equals("DoB")).toList();
        assertThat(doB).extracting(OutboxMessage::traceparent).containsExactly(
                RecordingTracer.traceparent(transitions.get(0)), RecordingTracer.traceparent(transitions.get(1)));
    }

    @Test
    void aFailedStepStartsACompensationThatItsSpanSays() {
        UUID x = start("x");
        engine.onReply(reply(x, new AOk(RequestIds.of(x, "a"), 1), REPLY_X));
        engine.onReply(reply(x, new BNo(RequestIds.of(x, "b")), REPLY_Y));

        SpanData failed = recording.named("test STEP_FAILED");
        assertThat(failed.getParentSpanId()).isEqualTo("bbbbbbbbbbbbbbbb");
        assertThat(attribute(failed, "saga.compensation")).isEqualTo(true);
        assertThat(last(world.outbox()).type()).isEqualTo("UndoA");
        assertThat(last(world.outbox()).traceparent()).isEqualTo(RecordingTracer.traceparent(failed));
    }

    @Test
    void aDeadlineWithNoMessageJoinsTheTraceOfTheSagasStart() {
        UUID x = start("x");
        SpanData start = recording.named("test START");
        clock.advance(Duration.ofSeconds(11));

        assertThat(engine.fireDueDeadlines()).isEqualTo(1);

        SpanData deadline = recording.named("test DEADLINE_PASSED");
        assertThat(deadline.getTraceId()).isEqualTo(start.getTraceId());
        assertThat(deadline.getParentSpanId()).isEqualTo(start.getSpanId());
        assertThat(last(world.outbox()).type()).isEqualTo("DoA");
        assertThat(last(world.outbox()).traceparent()).isEqualTo(RecordingTracer.traceparent(deadline));
        assertThat(world.saga(x).traceparent()).as("the saga keeps the context of its start")
                .isEqualTo(RecordingTracer.traceparent(start));
    }

    private UUID start(String name) {
        UUID id = UUID.randomUUID();
        world.inTransaction(() -> {
            engine.start(definition, id, new Data(name, 0, null));
            return null;
        });
        return id;
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply, String traceparent) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), null, traceparent,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private static Object attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }

    private static OutboxMessage last(List<OutboxMessage> messages) {
        return messages.get(messages.size() - 1);
    }
}
