package io.sagaengine.chaos;

import io.sagaengine.contracts.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orchestrator's reply listener stopped from inside, under load: the broker fences it, as it does when a
 * second process joins under the same static member name. A consumer joins group {@code saga-orchestrator} with
 * the orchestrator's {@code group.instance.id}, holds its partitions for a moment without committing, and
 * leaves. Within 30 s the orchestrator must consume again (a member of its own holds partitions) or say it
 * cannot (readiness DOWN); and every order must complete. A build whose orchestrator has no static member
 * cannot be fenced this way: that is reported as a violation, not passed.
 */
final class ListenerStop implements Scenario {

    static final List<String> REPLY_TOPICS = List.of(Topics.PAYMENT_REPLIES, Topics.INVENTORY_REPLIES,
            Topics.SHIPPING_REPLIES);
    static final Duration RESUME_WITHIN = Duration.ofSeconds(30);

    private final LogMarks logs = new LogMarks();
    private ConsumerGroups.Group before;
    private String fencedMember;
    private boolean tookOver;
    private Duration consumingAgain;
    private Duration notReady;
    private ConsumerGroups.Group lastSeen;
    private Map<String, Double> gauges = Map.of();

    @Override
    public String name() {
        return "listener-stop";
    }

    @Override
    public void prepare(ScenarioContext context) {
        before = null;
        fencedMember = null;
        tookOver = false;
        consumingAgain = null;
        notReady = null;
        lastSeen = null;
        gauges = Map.of();
        logs.mark(context.stack().service(ChaosStack.ORCHESTRATOR).logFile());
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(4, 7);
        try (ConsumerGroups groups = new ConsumerGroups(context.stack().bootstrapServers())) {
            before = groups.describe(ConsumerGroups.ORCHESTRATOR);
            Optional<String> member = before.members().stream().filter(ConsumerGroups.Member::consuming)
                    .flatMap(m -> m.instanceId().stream()).findFirst();
            if (member.isEmpty()) {
                context.progress("group %s has no static member to fence: %s", ConsumerGroups.ORCHESTRATOR, before);
                return;
            }
            fencedMember = member.get();
            tookOver = StaticMemberFence.takeOver(context.stack().bootstrapServers(), ConsumerGroups.ORCHESTRATOR,
                    fencedMember, REPLY_TOPICS, Duration.ofSeconds(20));
            Instant fencedAt = Instant.now();
            context.injected("the orchestrator's reply listener fenced: a consumer joined as its static member %s%s",
                    fencedMember, tookOver ? " and held its partitions" : " but got no partitions");
            removeImpostor(groups);
            watch(context, groups, fencedAt);
        }
    }

    /** The impostor closed without leaving (a static member does not); without this the group waits for its session to expire. */
    private void removeImpostor(ConsumerGroups groups) throws Exception {
        ConsumerGroups.Group now = groups.describe(ConsumerGroups.ORCHESTRATOR);
        boolean stillImpostor = now.members().stream().anyMatch(m -> m.instanceId().equals(Optional.of(fencedMember))
                && m.clientId().startsWith(StaticMemberFence.CLIENT_ID));
        if (stillImpostor) {
            groups.removeStaticMember(ConsumerGroups.ORCHESTRATOR, fencedMember);
        }
    }

    private void watch(ScenarioContext context, ConsumerGroups groups, Instant fencedAt) {
        Poll.until(RESUME_WITHIN, Duration.ofMillis(500), () -> {
            Duration since = Duration.between(fencedAt, Instant.now());
            try {
                lastSeen = groups.describe(ConsumerGroups.ORCHESTRATOR);
            } catch (Exception e) {
                return false;
            }
            if (notReady == null) {
                Api.Reply ready = context.api().operatorRead(ChaosStack.ORCHESTRATOR, "/actuator/health/readiness");
                if (ready.status() == 503 && ready.body().contains("DOWN")) {
                    notReady = since;
                    context.progress("readiness DOWN %.1f s after the fence: %s", since.toMillis() / 1000.0, ready.body());
                }
            }
            if (lastSeen.stable() && lastSeen.members().stream().anyMatch(m -> m.consuming()
                    && !m.clientId().startsWith(StaticMemberFence.CLIENT_ID))) {
                consumingAgain = since;
                return true;
            }
            return false;
        });
        gauges = ListenerGauges.parse(context.api().operatorRead(ChaosStack.ORCHESTRATOR, "/actuator/prometheus").body());
        if (consumingAgain != null) {
            context.healed("the orchestrator consumes again %.1f s after the fence: %s; %s %s",
                    consumingAgain.toMillis() / 1000.0, lastSeen, ListenerGauges.GAUGE, gauges);
        } else {
            context.progress("the orchestrator did not consume again within %d s: %s; %s %s; readiness %s",
                    RESUME_WITHIN.toSeconds(), lastSeen, ListenerGauges.GAUGE, gauges,
                    notReady == null ? "never DOWN" : "DOWN");
        }
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) throws Exception {
        if (fencedMember == null) {
            findings.violation("LISTENER", "the orchestrator has no static member in group "
                    + ConsumerGroups.ORCHESTRATOR + " (" + before + "), so its reply listener could not be fenced: "
                    + "this build does not lease instance names, and the scenario did not test it");
            return;
        }
        if (!tookOver) {
            findings.violation("HARNESS", "the consumer joining as " + fencedMember + " got no partitions within 20 s");
        }
        if (consumingAgain == null && notReady == null) {
            findings.violation("LISTENER", "within " + RESUME_WITHIN.toSeconds() + " s of the fence of "
                    + fencedMember + " the orchestrator neither consumed again nor reported readiness DOWN; group: "
                    + lastSeen + "; " + ListenerGauges.GAUGE + " " + gauges);
        }
        List<String> fenced = logs.linesSinceMark(context.stack().service(ChaosStack.ORCHESTRATOR).logFile(),
                ScaleOutIdentical.FENCE_SIGNS);
        context.progress("the orchestrator logged %d lines about the fence%s", fenced.size(),
                fenced.isEmpty() ? "" : ", e.g. " + fenced.get(0));
    }
}
