package io.sagaengine.service.participant;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxAutoConfiguration;
import io.sagaengine.outbox.OutboxProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * Consumes the command topic of the service's {@link ParticipantDefinition} bean with a {@link CommandDispatcher}.
 * The container uses Boot's listener settings ({@code spring.kafka.listener.*}) and the outbox's dead-letter
 * error handler; its consumer always reads String keys and byte[] values, never auto-commits, and starts a new
 * group at the earliest offset so no command sent before the first start is skipped. The group is
 * {@code spring.kafka.consumer.group-id}, or {@code <name>-participant} when that is not set; group membership
 * (static with {@code outbox.consumer.instance-id}, session timeout) follows {@code outbox.consumer.*}.
 */
@AutoConfiguration(after = {OutboxAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnBean(ParticipantDefinition.class)
public class ParticipantAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CommandDispatcher commandDispatcher(ParticipantDefinition participant, Inbox inbox, Outbox outbox,
                                        PlatformTransactionManager transactionManager) {
        return new CommandDispatcher(participant, inbox, outbox, new TransactionTemplate(transactionManager),
                ContractJson.standard());
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentMessageListenerContainer<String, byte[]> participantCommandListener(
            ParticipantDefinition participant, CommandDispatcher dispatcher, KafkaProperties kafka,
            OutboxProperties outbox, ConcurrentKafkaListenerContainerFactoryConfigurer configurer) {
        Map<String, Object> config = outbox.consumer().applyTo(new HashMap<>(kafka.buildConsumerProperties()));
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, participant.consumerName());
        ConsumerFactory<String, byte[]> consumers =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, (ConsumerFactory) consumers);
        ConcurrentMessageListenerContainer<String, byte[]> container =
                (ConcurrentMessageListenerContainer) factory.createContainer(participant.commandTopic());
        container.getContainerProperties().setGroupId((String) config.get(ConsumerConfig.GROUP_ID_CONFIG));
        container.setupMessageListener((MessageListener<String, byte[]>) dispatcher::dispatch);
        return container;
    }
}
