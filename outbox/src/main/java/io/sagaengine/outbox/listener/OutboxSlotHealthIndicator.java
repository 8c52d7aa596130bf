package io.sagaengine.outbox.listener;

import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while the relay's replication slot is lost, UP otherwise: unlike the relay's own health, which is also down
 * while its engine restarts after a broker outage (writes are kept and published once it is back), this one says
 * whether what the instance writes can be published at all, which is what readiness needs to know.
 */
final class OutboxSlotHealthIndicator implements HealthIndicator {

    private final OutboxRelay relay;

    OutboxSlotHealthIndicator(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        if (relay.state() == RelayState.SLOT_LOST) {
            return Health.down().withDetail("slot", relay.settings().slotName())
                    .withDetail("reason", String.valueOf(relay.slotProblem())).build();
        }
        return Health.up().withDetail("slot", relay.settings().slotName()).build();
    }
}
