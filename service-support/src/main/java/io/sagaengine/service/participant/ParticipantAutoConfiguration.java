package io.sagaengine.service.participant;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.service.contract.ContractAutoConfiguration;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxAutoConfiguration;
import io.sagaengine.outbox.listener.ListenerAutoConfiguration;
import io.sagaengine.outbox.listener.ListenerConsumers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes the command topic of each {@link ParticipantDefinition} bean of the service with a
 * {@link CommandDispatcher}. The containers use Boot's listener settings ({@code spring.kafka.listener.*}) and the
 * outbox's dead-letter error handler; their consumers always read String keys and byte[] values, never auto-commit,
 * and start a new group at the earliest offset so no command sent before the first start is skipped. The group is
 * {@code spring.kafka.consumer.group-id}, or {@code <name>-participant} when that is not set (set none in a service
 * that hosts several participants: each then has its own group); group membership (the instance's leased static
 * identity, session timeout) follows the outbox's {@link ListenerConsumers}, and the outbox's watchdog restarts a
 * container that stopped. Messages are read and
 * written with the service's {@link ContractJson} (see {@link ContractAutoConfiguration}). The commands of one poll
 * (at most {@code saga.participant.max-batch-size}) are applied in one transaction by a {@link CommandBatchListener},
 * or one transaction each with {@code saga.participant.batch-commands=false}.
 */
@AutoConfiguration(after = {OutboxAutoConfiguration.class, ListenerAutoConfiguration.class, KafkaAutoConfiguration.class,
        ContractAutoConfiguration.class})
@ConditionalOnBean(ParticipantDefinition.class)
@EnableConfigurationProperties(ParticipantProperties.class)
public class ParticipantAutoConfiguration {

    /** The dispatcher of a service with one participant (the usual case), for tests that drive it directly. */
    @Bean
    @ConditionalOnSingleCandidate(ParticipantDefinition.class)
    @ConditionalOnMissingBean
    CommandDispatcher commandDispatcher(ParticipantDefinition participant, Inbox inbox, Outbox outbox,
                                        PlatformTransactionManager transactionManager, ContractJson json,
                                        MessageTracing tracing) {
        return new CommandDispatcher(participant, inbox, outbox, new TransactionTemplate(transactionManager), json,
                tracing);
    }

    @Bean
    ParticipantCommandListeners participantCommandListeners(
            List<ParticipantDefinition> participants, ObjectProvider<CommandDispatcher> single, Inbox inbox,
            Outbox outbox, PlatformTransactionManager transactionManager, ContractJson json, KafkaProperties kafka,
            ListenerConsumers listenerConsumers, ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ApplicationEventPublisher events, ParticipantProperties properties, MessageTracing tracing) {
        List<ConcurrentMessageListenerContainer<String, byte[]>> containers = new ArrayList<>();
        for (ParticipantDefinition participant : participants) {
            CommandDispatcher dispatcher = participants.size() == 1 && single.getIfUnique() != null
                    ? single.getIfUnique()
                    : new CommandDispatcher(participant, inbox, outbox, new TransactionTemplate(transactionManager),
                            json, tracing);
            Object listener = properties.batchCommands()
                    ? new CommandBatchListener(dispatcher, transactionManager)
                    : (MessageListener<String, byte[]>) dispatcher::dispatch;
            containers.add(container(participant, listener, properties, kafka, listenerConsumers, configurer,
                    events));
        }
        return new ParticipantCommandListeners(containers);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConcurrentMessageListenerContainer<String, byte[]> container(
            ParticipantDefinition participant, Object listener, ParticipantProperties properties,
            KafkaProperties kafka, ListenerConsumers listenerConsumers,
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ApplicationEventPublisher events) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, participant.consumerName());
        if (listener instanceof BatchMessageListener<?, ?>) {
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatchSize());
        }
        ConsumerFactory<String, byte[]> consumers =
                listenerConsumers.consumerFactory(config, new StringDeserializer(), new ByteArrayDeserializer());
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, (ConsumerFactory) consumers);
        listenerConsumers.applyCommitSettings(factory.getContainerProperties(), kafka.getListener().getAckMode());
        ConcurrentMessageListenerContainer<String, byte[]> container =
                (ConcurrentMessageListenerContainer) factory.createContainer(participant.commandTopic());
        container.getContainerProperties().setGroupId((String) config.get(ConsumerConfig.GROUP_ID_CONFIG));
        container.setBeanName(participant.consumerName() + "-commands");
        container.setupMessageListener(listener);
        container.setApplicationEventPublisher(events); // the watchdog learns why a container stopped
        return container;
    }
}
