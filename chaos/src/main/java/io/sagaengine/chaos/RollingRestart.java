package io.sagaengine.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rolling restart under load, as an upgrade does it: every instance of every service in turn is stopped
 * gracefully (SIGTERM), started again with its command line, and only once it is ready is the next one
 * restarted. Records delivered twice meanwhile are listed with the restart they came in.
 */
final class RollingRestart implements Scenario {

    private record Restart(String instance, Instant from, Instant until) {
    }

    private final List<Restart> restarts = new ArrayList<>();

    @Override
    public String name() {
        return "rolling-restart";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        restarts.clear();
        context.waitRandomly(3, 5);
        for (String instance : context.stack().instances()) {
            Instant from = Instant.now();
            context.injected("graceful restart (SIGTERM) of %s", instance);
            ServiceFaults.gracefulRestart(context, instance, Map.of());
            restarts.add(new Restart(instance, from, Instant.now()));
        }
        context.healed("every instance restarted: %s", context.stack().instances());
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        Map<String, List<Delivery>> byMessage = evidence.deliveries().stream()
                .filter(d -> !d.deadLetter() && !d.injected() && d.messageId() != null)
                .collect(Collectors.groupingBy(d -> d.topic() + "/" + d.messageId()));
        for (List<Delivery> copies : byMessage.values()) {
            copies.stream().sorted(Comparator.comparingLong(Delivery::offset)).skip(1).forEach(repeat ->
                    context.progress("delivered again: %s %s (message %s) at %s, %s", repeat.topic(), repeat.type(),
                            repeat.messageId(), Instant.ofEpochMilli(repeat.timestamp()), during(repeat.timestamp())));
        }
    }

    private String during(long timestamp) {
        return restarts.stream()
                .filter(r -> !Instant.ofEpochMilli(timestamp).isBefore(r.from()) && !Instant.ofEpochMilli(timestamp)
                        .isAfter(r.until().plusSeconds(5)))
                .map(r -> "during or just after the restart of " + r.instance())
                .findFirst().orElse("outside every restart");
    }
}
