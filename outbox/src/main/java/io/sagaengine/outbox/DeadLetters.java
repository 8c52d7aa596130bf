package io.sagaengine.outbox;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * The listener error handler every service uses: a record that can never be processed goes at once to
 * {@code <topic>.DLT} with a {@code dlt-reason} header; one whose handler fails is retried with back-off
 * first, then dead-lettered. A record whose handling fails only because the database is unreachable
 * ({@link TransientFailures}) is retried with back-off until the database is back: a valid message is never
 * dead-lettered for an outage. Either way nothing is lost.
 */
public final class DeadLetters {

    /** The one place the suffix is declared: every module names dead-letter topics through this class. */
    public static final String SUFFIX = ".DLT";

    private DeadLetters() {
    }

    /** The dead-letter topic of {@code topic}: where its records that can never be processed go. */
    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    /** Whether {@code topic} is a dead-letter topic. */
    public static boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(SUFFIX);
    }

    /** The topic a dead-letter topic's records came from, and where a re-drive sends them. */
    public static String originalTopicOf(String deadLetterTopic) {
        if (!isDeadLetterTopic(deadLetterTopic)) {
            throw new IllegalArgumentException(deadLetterTopic + " is not a dead-letter topic");
        }
        return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, OutboxProperties.DeadLetter settings) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(topicFor(record.topic()), -1));
        recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(MessageHeaders.DLT_REASON, reason(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff(settings, settings.retries()));
        handler.addNotRetryableExceptions(PoisonMessageException.class, DeserializationException.class);
        ExponentialBackOff untilBack = backOff(settings, Integer.MAX_VALUE);
        handler.setBackOffFunction((record, exception) -> TransientFailures.isTransient(exception) ? untilBack : null);
        return handler;
    }

    private static ExponentialBackOff backOff(OutboxProperties.DeadLetter settings, int maxAttempts) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis());
        backOff.setMaxAttempts(maxAttempts);
        return backOff;
    }

    /** The innermost cause's message: what went wrong, without the listener's wrapping. */
    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof PoisonMessageException) {
                break;
            }
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        String reason = cause instanceof PoisonMessageException ? message
                : cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }
}
