package io.sagaengine.service.contract;

import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageDescriptor;
import io.sagaengine.contracts.OrderFlowMessages;
import io.sagaengine.contracts.Topics;
import io.sagaengine.outbox.DeadLetters;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contracts name a topic's dead-letter topic (for the admin API, the chaos suite and tests) and the outbox sends
 * records there; the two modules share no dependency, so this keeps the names the same.
 */
class DeadLetterTopicNamesTest {

    @Test
    void theContractsNameEveryDeadLetterTopicAsTheOutboxSendsToIt() {
        List<String> topics = MessageCatalog.discovered().all().stream().map(MessageDescriptor::topic)
                .distinct().toList();
        assertThat(topics).containsAll(new OrderFlowMessages().topics());
        for (String topic : topics) {
            assertThat(Topics.dlt(topic)).as(topic).isEqualTo(DeadLetters.topicFor(topic));
        }
        assertThat(Topics.DLT_SUFFIX).isEqualTo(DeadLetters.SUFFIX);
    }

    @Test
    void theOrderFlowsTopicsAreDeclaredByItsMessageSet() {
        OrderFlowMessages flow = new OrderFlowMessages();
        assertThat(flow.commandTopics()).containsExactly(Topics.PAYMENT_COMMANDS, Topics.INVENTORY_COMMANDS,
                Topics.SHIPPING_COMMANDS);
        assertThat(flow.replyTopics()).containsExactly(Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES,
                Topics.SHIPPING_REPLIES);
        assertThat(flow.topics()).hasSize(6).containsAll(flow.commandTopics()).containsAll(flow.replyTopics());
    }
}
