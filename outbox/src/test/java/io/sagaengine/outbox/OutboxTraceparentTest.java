package io.sagaengine.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.sagaengine.testsupport.tracing.RecordingTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/** The {@code traceparent} an outbox row gets: the caller's, else the one of the span in scope, else none. */
class OutboxTraceparentTest {

    private static final String CALLERS = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final RecordingTracer recording = new RecordingTracer();
    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);

    @BeforeEach
    void inATransaction() {
        TransactionSynchronizationManager.setActualTransactionActive(true);
    }

    @AfterEach
    void done() {
        TransactionSynchronizationManager.setActualTransactionActive(false);
        recording.close();
    }

    @Test
    void aMessageWithoutTraceparentGetsTheOneOfTheSpanInScope() throws Exception {
        Outbox outbox = Outbox.jdbc(jdbc, true, MessageTracing.of(recording.tracer(), recording.propagator()));
        Tracer tracer = recording.tracer();
        Span span = tracer.nextSpan().name("work").start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            outbox.append(message(null));
        } finally {
            span.end();
        }

        assertThat(writtenTraceparent()).isEqualTo(RecordingTracer.traceparent(recording.named("work")));
    }

    @Test
    void theCallersTraceparentIsKept() throws Exception {
        Outbox outbox = Outbox.jdbc(jdbc, true, MessageTracing.of(recording.tracer(), recording.propagator()));
        Span span = recording.tracer().nextSpan().name("work").start();
        try (Tracer.SpanInScope scope = recording.tracer().withSpan(span)) {
            outbox.appendAll(List.of(message(CALLERS)));
        } finally {
            span.end();
        }

        assertThat(writtenTraceparent()).isEqualTo(CALLERS);
    }

    @Test
    void withoutASpanOrWithTracingOffTheRowHasNone() throws Exception {
        Outbox.jdbc(jdbc, true, MessageTracing.of(recording.tracer(), recording.propagator())).append(message(null));
        assertThat(writtenTraceparent()).isNull();
    }

    private String writtenTraceparent() throws Exception {
        ArgumentCaptor<PreparedStatementSetter> setter = ArgumentCaptor.forClass(PreparedStatementSetter.class);
        verify(jdbc, atLeastOnce()).update(eq(JdbcOutbox.INSERT), setter.capture());
        PreparedStatement ps = mock(PreparedStatement.class);
        setter.getValue().setValues(ps);
        ArgumentCaptor<String> traceparent = ArgumentCaptor.forClass(String.class);
        verify(ps).setString(eq(10), traceparent.capture());
        return traceparent.getValue();
    }

    private static OutboxMessage message(String traceparent) {
        return OutboxMessage.to("topic").saga("saga-1").type("Thing", 1).traceparent(traceparent).payload("{}")
                .build();
    }
}
