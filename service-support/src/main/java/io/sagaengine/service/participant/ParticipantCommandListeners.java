package io.sagaengine.service.participant;

import io.sagaengine.outbox.listener.ListenerContainers;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.util.List;

/** The command topic listeners of a service's participants, one container each, started and stopped together. */
final class ParticipantCommandListeners implements SmartLifecycle, ListenerContainers {

    private final List<ConcurrentMessageListenerContainer<String, byte[]>> containers;

    ParticipantCommandListeners(List<ConcurrentMessageListenerContainer<String, byte[]>> containers) {
        this.containers = List.copyOf(containers);
    }

    List<ConcurrentMessageListenerContainer<String, byte[]>> containers() {
        return containers;
    }

    @Override
    public List<ConcurrentMessageListenerContainer<String, byte[]>> listenerContainers() {
        return containers;
    }

    @Override
    public void start() {
        containers.forEach(ConcurrentMessageListenerContainer::start);
    }

    @Override
    public void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
    }

    @Override
    public boolean isRunning() {
        return containers.stream().anyMatch(ConcurrentMessageListenerContainer::isRunning);
    }

    @Override
    public int getPhase() {
        // the phase of @KafkaListener containers (not SmartLifecycle.DEFAULT_PHASE, which stopped them before the
        // watchdog, and the watchdog then restarted them in an application being closed)
        return PHASE;
    }
}
