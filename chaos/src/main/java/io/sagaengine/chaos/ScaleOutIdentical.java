package io.sagaengine.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second and a third orchestrator started under load with exactly the first one's command line, as a copied
 * command line, {@code docker compose --scale} or a Deployment's replicas would start them; the orders are
 * spread over all three. Then one of the two is SIGKILLed and not restarted, and the other stopped gracefully.
 * While all three run, each must consume (the broker shows three members of {@code saga-orchestrator} holding
 * partitions, and each instance's {@code outbox_listener_consuming} gauges are 1 where it has them), and no
 * instance may be fenced: with one configured consumer instance id copied to all three, each start fenced the
 * previous holder of the name, whose reply listener then stopped for good.
 */
final class ScaleOutIdentical implements Scenario {

    static final List<String> FENCE_SIGNS = List.of("FencedInstanceIdException", "has been fenced");
    static final List<String> EXTRAS = List.of("orchestrator-2", "orchestrator-3");
    static final Duration SHARE_WITHIN = Duration.ofSeconds(45);

    private final LogMarks logs = new LogMarks();
    private final Map<String, Path> logFiles = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> gauges = new LinkedHashMap<>();
    private ConsumerGroups.Group together;

    @Override
    public String name() {
        return "scale-out-identical";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void prepare(ScenarioContext context) {
        together = null;
        gauges.clear();
        logFiles.clear();
        logFiles.put(ChaosStack.ORCHESTRATOR, context.stack().service(ChaosStack.ORCHESTRATOR).logFile());
        EXTRAS.forEach(extra -> logFiles.put(extra, context.stack().instanceLogFile(ChaosStack.ORCHESTRATOR, extra)));
        logFiles.values().forEach(logs::mark);
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(2, 4);
        List<String> all = new ArrayList<>(List.of(ChaosStack.ORCHESTRATOR));
        for (String extra : EXTRAS) { // one after the other: two JVMs starting at once on few cores take longer
            context.progress("starting %s with the first orchestrator's command line", extra);
            context.stack().startInstance(ChaosStack.ORCHESTRATOR, extra);
            context.injected("%s started with the first one's command line (ready)", extra);
            all.add(extra);
            context.workload().sendTo(all);
        }
        try (ConsumerGroups groups = new ConsumerGroups(context.stack().bootstrapServers())) {
            together = groups.await(ConsumerGroups.ORCHESTRATOR, SHARE_WITHIN, ScaleOutIdentical::allThreeConsume);
        }
        context.progress("group %s with three instances up: %s", ConsumerGroups.ORCHESTRATOR, together);
        for (String instance : all) {
            gauges.put(instance, ListenerGauges.parse(context.api().operatorRead(instance, "/actuator/prometheus").body()));
        }
        context.progress("%s gauges: %s", ListenerGauges.GAUGE, gauges);

        context.waitRandomly(2, 4);
        int victim = context.random().nextInt(EXTRAS.size());
        String killed = EXTRAS.get(victim);
        String stopped = EXTRAS.get(1 - victim);
        context.stack().service(killed).kill();
        context.workload().sendTo(List.of(ChaosStack.ORCHESTRATOR, stopped));
        context.stack().removeInstance(killed);
        context.injected("SIGKILL %s (not restarted)", killed);
        context.waitRandomly(2, 4);
        context.stack().service(stopped).stop();
        context.workload().sendTo(List.of(ChaosStack.ORCHESTRATOR));
        context.stack().removeInstance(stopped);
        context.injected("%s stopped gracefully", stopped);
        context.healed("one orchestrator instance again");
    }

    static boolean allThreeConsume(ConsumerGroups.Group group) {
        return group.stable() && group.consumingMembers() >= 3;
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) throws Exception {
        if (together == null || !allThreeConsume(together)) {
            findings.violation("FLEET", "with three orchestrator instances up, group " + ConsumerGroups.ORCHESTRATOR
                    + " did not show three members holding partitions within " + SHARE_WITHIN.toSeconds()
                    + " s; last seen: " + together);
        }
        gauges.forEach((instance, values) -> {
            if (!values.isEmpty() && !ListenerGauges.allConsuming(values)) {
                findings.violation("FLEET", instance + " reported a listener not consuming: " + values);
            }
        });
        for (Map.Entry<String, Path> log : logFiles.entrySet()) {
            List<String> fenced = logs.linesSinceMark(log.getValue(), FENCE_SIGNS);
            if (!fenced.isEmpty()) {
                findings.violation("FLEET", log.getKey() + " was fenced (" + fenced.size() + " log lines), e.g. "
                        + fenced.get(0));
            }
        }
    }

    @Override
    public void restore(ScenarioContext context) throws Exception {
        for (String extra : EXTRAS) {
            if (context.stack().instances().contains(extra)) {
                context.stack().service(extra).stop();
                context.stack().removeInstance(extra);
            }
        }
    }
}
