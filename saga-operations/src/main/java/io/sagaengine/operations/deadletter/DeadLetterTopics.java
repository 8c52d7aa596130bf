package io.sagaengine.operations.deadletter;

import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.outbox.DeadLetters;

import java.util.List;
import java.util.Optional;

/**
 * The dead-letter topics the admin API may read and re-drive: {@code <topic>.DLT} of every topic of the registered
 * message sets (every saga type's commands and replies), and no other topic of the cluster.
 */
final class DeadLetterTopics {

    private final List<String> deadLetterTopics;

    DeadLetterTopics(List<String> originalTopics) {
        this.deadLetterTopics = originalTopics.stream().map(DeadLetters::topicFor).distinct().sorted().toList();
    }

    static DeadLetterTopics of(MessageCatalog catalog) {
        return new DeadLetterTopics(catalog.all().stream().map(MessageDescriptor::topic).toList());
    }

    List<String> all() {
        return deadLetterTopics;
    }

    /** The dead-letter topic, if it is one of the known ones. */
    Optional<String> known(String topic) {
        return deadLetterTopics.contains(topic) ? Optional.of(topic) : Optional.empty();
    }

    /** Where a record of this dead-letter topic came from, and where a re-drive sends it. */
    static String originalOf(String deadLetterTopic) {
        return DeadLetters.originalTopicOf(deadLetterTopic);
    }
}
