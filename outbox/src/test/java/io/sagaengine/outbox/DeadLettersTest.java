package io.sagaengine.outbox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DeadLettersTest {

    @Test
    void namesADeadLetterTopicAndFindsItsOriginal() {
        assertThat(DeadLetters.topicFor("payment.commands")).isEqualTo("payment.commands.DLT");
        assertThat(DeadLetters.isDeadLetterTopic("payment.commands.DLT")).isTrue();
        assertThat(DeadLetters.isDeadLetterTopic("payment.commands")).isFalse();
        assertThat(DeadLetters.originalTopicOf("payment.commands.DLT")).isEqualTo("payment.commands");
    }

    @Test
    void refusesToFindTheOriginalOfATopicThatIsNoDeadLetterTopic() {
        assertThatIllegalArgumentException().isThrownBy(() -> DeadLetters.originalTopicOf("payment.commands"))
                .withMessageContaining("not a dead-letter topic");
    }
}
