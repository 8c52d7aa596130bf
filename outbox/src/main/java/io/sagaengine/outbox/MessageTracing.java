package io.sagaengine.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.Objects;

/**
 * Spans for the handling of messages, continued from and written to the W3C {@code traceparent} of the messages.
 * Off (every method a no-op that allocates nothing) when the service has no tracer: then the {@code traceparent}
 * of a message is passed on as it came.
 */
public final class MessageTracing {

    private static final MessageTracing OFF = new MessageTracing(Tracer.NOOP, Propagator.NOOP, false);
    private static final Propagator.Getter<String> TRACEPARENT_ONLY =
            (traceparent, key) -> MessageHeaders.TRACEPARENT.equals(key) ? traceparent : null;

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean enabled;

    private MessageTracing(Tracer tracer, Propagator propagator, boolean enabled) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.enabled = enabled;
    }

    /** Records nothing; messages keep the {@code traceparent} they came with. */
    public static MessageTracing off() {
        return OFF;
    }

    /** Spans of {@code tracer}, parents read with {@code propagator}; off for Micrometer's no-op tracer. */
    public static MessageTracing of(Tracer tracer, Propagator propagator) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(propagator, "propagator");
        return tracer == Tracer.NOOP ? OFF : new MessageTracing(tracer, propagator, true);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The W3C {@code traceparent} of the span in scope on this thread; null when off or there is none. */
    public String currentTraceparent() {
        if (!enabled) {
            return null;
        }
        Span current = tracer.currentSpan();
        return current == null ? null : traceparent(current.context());
    }

    /**
     * Starts a span and puts it in scope on this thread until {@link Handling#close() closed}.
     *
     * @param parentTraceparent the context to continue (a message's {@code traceparent}); when null or not a valid
     *                          W3C traceparent, the span in scope is the parent, or the span starts a trace
     * @param consumer          whether the span is the handling of a received message (span kind consumer)
     */
    public Handling start(String name, String parentTraceparent, boolean consumer) {
        if (!enabled) {
            return Handling.NONE;
        }
        Span.Builder builder = parentTraceparent == null ? tracer.spanBuilder()
                : propagator.extract(parentTraceparent, TRACEPARENT_ONLY);
        builder.name(name);
        if (consumer) {
            builder.kind(Span.Kind.CONSUMER);
        }
        Span span = builder.start();
        return new Handling(span, tracer.withSpan(span));
    }

    static String traceparent(TraceContext context) {
        String traceId = context.traceId();
        String spanId = context.spanId();
        if (traceId == null || traceId.length() != 32 || spanId == null || spanId.length() != 16) {
            return null;
        }
        return "00-" + traceId + "-" + spanId + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    /** A span in scope; {@link #close()} ends it and restores the scope before it. */
    public static final class Handling implements AutoCloseable {

        private static final Handling NONE = new Handling(null, null);

        private final Span span;
        private final Tracer.SpanInScope scope;

        private Handling(Span span, Tracer.SpanInScope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** No span: every method does nothing. */
        public static Handling none() {
            return NONE;
        }

        /** Adds an attribute; a null value is left out. */
        public Handling tag(String key, String value) {
            if (span != null && value != null) {
                span.tag(key, value);
            }
            return this;
        }

        public Handling tag(String key, boolean value) {
            if (span != null) {
                span.tag(key, value);
            }
            return this;
        }

        public Handling name(String name) {
            if (span != null) {
                span.name(name);
            }
            return this;
        }

        /** Marks the span failed with {@code failure}'s type and message. */
        public void failed(Throwable failure) {
            if (span != null) {
                span.error(failure);
            }
        }

        /** This span's W3C {@code traceparent}, for the messages written while it runs; {@code otherwise} when off. */
        public String traceparentOr(String otherwise) {
            if (span == null) {
                return otherwise;
            }
            String traceparent = traceparent(span.context());
            return traceparent == null ? otherwise : traceparent;
        }

        @Override
        public void close() {
            if (span != null) {
                scope.close();
                span.end();
            }
        }
    }
}
