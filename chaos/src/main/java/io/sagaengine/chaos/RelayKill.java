package io.sagaengine.chaos;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The orchestrator's relay saves its position only every 60 s, so a SIGKILL makes it send again everything
 * since its last save: those duplicates must be delivered and deduplicated. Then a graceful restart (SIGTERM),
 * after which no record at all may be delivered twice: the relay saves its position when it stops.
 */
final class RelayKill implements Scenario {

    static final String FLUSH_INTERVAL = "outbox.relay.offset-flush-interval";
    private static final String GRACEFUL = "graceful-restart";

    @Override
    public String name() {
        return "relay-kill";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void prepare(ScenarioContext context) throws Exception {
        ServiceFaults.gracefulRestart(context, ChaosStack.ORCHESTRATOR, Map.of(FLUSH_INTERVAL, "60s"));
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(5, 10);
        ServiceFaults.killAndRestart(context, ChaosStack.ORCHESTRATOR);
        context.waitRandomly(3, 6);
        context.mark(GRACEFUL);
        context.injected("graceful restart (SIGTERM) of %s", ChaosStack.ORCHESTRATOR);
        ServiceFaults.gracefulRestart(context, ChaosStack.ORCHESTRATOR, Map.of());
        context.healed("%s restarted gracefully", ChaosStack.ORCHESTRATOR);
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        long gracefulAt = context.marked(GRACEFUL) == null ? Long.MAX_VALUE : context.marked(GRACEFUL).toEpochMilli();
        Map<String, List<Delivery>> byMessage = evidence.deliveries().stream()
                .filter(d -> !d.deadLetter() && !d.injected() && d.messageId() != null)
                .collect(Collectors.groupingBy(d -> d.topic() + "/" + d.messageId()));
        long afterKill = 0;
        long afterGraceful = 0;
        for (List<Delivery> copies : byMessage.values()) {
            List<Delivery> repeats = copies.stream().sorted(Comparator.comparingLong(Delivery::offset)).skip(1).toList();
            for (Delivery repeat : repeats) {
                if (repeat.timestamp() >= gracefulAt) {
                    afterGraceful++;
                } else {
                    afterKill++;
                }
            }
        }
        context.progress("duplicates delivered after the SIGKILL: %d; after the graceful restart: %d", afterKill,
                afterGraceful);
        if (afterGraceful > 0) {
            findings.violation("I6", afterGraceful + " records were delivered again after a graceful restart of "
                    + ChaosStack.ORCHESTRATOR + " (" + Instant.ofEpochMilli(gracefulAt) + ")");
        }
    }

    @Override
    public void restore(ScenarioContext context) throws Exception {
        Map<String, String> original = new HashMap<>();
        original.put(FLUSH_INTERVAL, context.options().serviceProperties()
                .getOrDefault(ChaosStack.ORCHESTRATOR, Map.of()).get(FLUSH_INTERVAL)); // null: the default again
        ServiceFaults.gracefulRestart(context, ChaosStack.ORCHESTRATOR, original);
    }
}
