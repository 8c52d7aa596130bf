package io.sagaengine.outbox.listener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether this instance can do its work: its listeners consume and what it writes can be published. While something
 * keeps it from that, readiness is {@link ReadinessState#REFUSING_TRAFFIC} (so {@code /actuator/health/readiness} is
 * down and a load balancer stops sending it requests) and {@link #refusalReasons()} says why, for APIs that must
 * refuse new work with 503 rather than accept what they cannot finish.
 */
public final class ServiceReadiness {

    private static final Logger log = LoggerFactory.getLogger(ServiceReadiness.class);

    private final ApplicationEventPublisher events;
    private final ApplicationAvailability availability;
    private final Map<String, String> blockers = new LinkedHashMap<>();
    private boolean refusing;

    ServiceReadiness(ApplicationEventPublisher events, ApplicationAvailability availability) {
        this.events = events;
        this.availability = availability;
    }

    /** What keeps this instance from its work now, one line each; empty while it can work. */
    public synchronized List<String> refusalReasons() {
        return List.copyOf(blockers.values());
    }

    /** Whether this instance should refuse new work. */
    public synchronized boolean refusesWork() {
        return !blockers.isEmpty();
    }

    synchronized void block(String what, String reason) {
        blockers.put(what, reason);
    }

    synchronized void clear(String what) {
        blockers.remove(what);
    }

    /**
     * Tells Spring Boot's availability what the blockers say. Only lifts a refusal this class published, so a
     * shutdown's refusal stays; re-publishes a refusal that application start-up overwrote.
     */
    synchronized void publish() {
        if (!blockers.isEmpty()) {
            if (!refusing || availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
                refusing = true;
                log.error("This instance refuses traffic (readiness down) until it can do its work again: {}",
                        String.join("; ", blockers.values()));
                AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            }
        } else if (refusing) {
            refusing = false;
            log.info("This instance can do its work again; it accepts traffic (readiness up)");
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
