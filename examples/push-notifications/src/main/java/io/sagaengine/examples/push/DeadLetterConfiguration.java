package io.sagaengine.examples.push;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.UnreadableMessageException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * What happens to a record the listener fails on, as in the engine's services: one that can never be read goes at
 * once to {@code order.events.DLT} with a {@code dlt-reason} header, so it never blocks its partition; any other failure
 * (the database or the push gateway unreachable) is retried with back-off until it passes, so no change goes untold.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    static final String DLT_REASON_HEADER = "dlt-reason";

    /** This service's own dead-letter topic: {@code order.events.DLT}, named as the engine's services name theirs. */
    static final String DEAD_LETTER_TOPIC = Topics.ORDER_EVENTS + ".DLT";

    @Bean
    DefaultErrorHandler orderEventsErrorHandler(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(DEAD_LETTER_TOPIC, -1));
        recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DLT_REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        ExponentialBackOff untilItPasses = new ExponentialBackOff(500, 2.0);
        untilItPasses.setMaxInterval(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, untilItPasses);
        handler.addNotRetryableExceptions(UnreadableMessageException.class);
        return handler;
    }

    /** The unreadable record's reason, or the innermost cause's message, without the listener's wrapping. */
    static String reason(Throwable exception) {
        Throwable cause = exception;
        while (!(cause instanceof UnreadableMessageException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String reason = cause instanceof UnreadableMessageException unreadable ? unreadable.reason()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }
}
