package io.sagaengine.outbox.listener;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * UP while every Kafka listener of the instance consumes; DOWN while one does not, with the reason, since when and how
 * often it was restarted. Also says which group identity the instance has.
 */
final class ListenersHealthIndicator implements HealthIndicator {

    private final ListenerWatchdog watchdog;

    ListenersHealthIndicator(ListenerWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public Health health() {
        boolean allConsuming = true;
        Map<String, Object> listeners = new LinkedHashMap<>();
        for (ListenerWatchdog.ListenerStatus status : watchdog.statuses()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("group", status.group());
            detail.put("topics", status.topics());
            detail.put("consuming", status.consuming());
            if (!status.consuming()) {
                allConsuming = false;
                detail.put("reason", status.reason());
                detail.put("since", String.valueOf(status.since()));
            }
            detail.put("restarts", status.restarts());
            listeners.put(status.listener(), detail);
        }
        return (allConsuming ? Health.up() : Health.down())
                .withDetail("membership", watchdog.describeIdentity())
                .withDetail("listeners", listeners)
                .build();
    }
}
