package io.sagaengine.outbox;

import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while this instance streams or stands by (a standby is healthy: another instance streams), DOWN while
 * its engine is failing, after it stepped down because its engine kept failing, and while the replication
 * slot is lost (with the reason and how to recover).
 */
final class OutboxRelayHealthIndicator implements HealthIndicator {

    private final OutboxRelay relay;

    OutboxRelayHealthIndicator(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public Health health() {
        RelayState state = relay.state();
        Health.Builder health = switch (state) {
            case STREAMING, STANDBY -> Health.up();
            case STARTING -> Health.unknown();
            case RECOVERING, STEPPED_DOWN, SLOT_LOST -> Health.down();
            case STOPPED -> Health.outOfService();
        };
        health.withDetail("state", state)
                .withDetail("database", relay.settings().database())
                .withDetail("slot", relay.settings().slotName())
                .withDetail("published", relay.publishedCount())
                .withDetail("slotLagBytes", relay.slotLagBytes());
        if (relay.lastPublishedAt() != null) {
            health.withDetail("lastPublishedAt", relay.lastPublishedAt().toString());
        }
        if ((state == RelayState.RECOVERING || state == RelayState.STEPPED_DOWN) && relay.lastFailure() != null) {
            health.withDetail("lastFailure", String.valueOf(relay.lastFailure().getMessage()));
        }
        if (state == RelayState.SLOT_LOST && relay.slotProblem() != null) {
            health.withDetail("reason", relay.slotProblem());
        }
        return health.build();
    }
}
