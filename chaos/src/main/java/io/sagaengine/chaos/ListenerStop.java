package io.sagaengine.chaos;

import io.sagaengine.contracts.OrderFlowMessages;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The orchestrator's reply listener stopped from inside, under load: the broker fences it, as it does when a
 * second process joins under the same static member name. A consumer joins group {@code saga-orchestrator} with
 * the orchestrator's {@code group.instance.id}, holds its partitions without committing until the orchestrator
 * noticed, and leaves. Within 30 s the orchestrator must consume again (a member of its own holds partitions) or say it
 * cannot (readiness DOWN); and every order must complete. A build whose orchestrator has no static member
 * cannot be fenced this way: that is reported as a violation, not passed.
 */
final class ListenerStop implements Scenario {

    static final List<String> REPLY_TOPICS = new OrderFlowMessages().replyTopics();
    static final Duration RESUME_WITHIN = Duration.ofSeconds(30);
    /** The orchestrator heartbeats every 2 s: by then its consumer learns it was fenced. */
    static final Duration NOTICE_WITHIN = Duration.ofSeconds(10);

    private final LogMarks logs = new LogMarks();
    private ConsumerGroups.Group before;
    private String fencedMember;
    private String impostor;
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
        impostor = null;
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
            before = groups.await(ConsumerGroups.ORCHESTRATOR, Duration.ofSeconds(20), ConsumerGroups.Group::stable);
            Optional<String> member = before == null ? Optional.empty() : before.members().stream()
                    .filter(ConsumerGroups.Member::consuming).flatMap(m -> m.instanceId().stream()).findFirst();
            if (member.isEmpty()) {
                context.progress("group %s has no static member to fence: %s", ConsumerGroups.ORCHESTRATOR, before);
                return;
            }
            fencedMember = member.get();
            Instant fencedAt = fence(context);
            removeImpostor(groups);
            watch(context, groups, fencedAt);
        }
    }

    /**
     * An impostor joins as the orchestrator's static member and holds its partitions until the orchestrator
     * logged the fence (its next heartbeat), at most {@link #NOTICE_WITHIN}: let go earlier, the orchestrator's
     * consumer would only find its member id unknown and rejoin. Returns when the impostor got the partitions.
     */
    private Instant fence(ScenarioContext context) {
        Path log = context.stack().service(ChaosStack.ORCHESTRATOR).logFile();
        try (StaticMemberFence fence = StaticMemberFence.join(context.stack().bootstrapServers(),
                ConsumerGroups.ORCHESTRATOR, fencedMember, REPLY_TOPICS)) {
            if (!fence.awaitAssignment(Duration.ofSeconds(20))) {
                context.progress("the consumer joining as %s got no partitions", fencedMember);
                return Instant.now();
            }
            Instant fencedAt = Instant.now();
            impostor = fence.memberId();
            context.injected("the orchestrator's reply listener fenced: a consumer joined as its static member %s and "
                    + "holds its partitions", fencedMember);
            boolean noticed = fence.holdUntil(NOTICE_WITHIN, () -> !fenceLines(log).isEmpty());
            context.progress(noticed ? "the orchestrator noticed the fence %.1f s later; the impostor leaves"
                    : "the orchestrator logged no fence within %.0f s; the impostor leaves",
                    (noticed ? Duration.between(fencedAt, Instant.now()) : NOTICE_WITHIN).toMillis() / 1000.0);
            return fencedAt;
        }
    }

    private List<String> fenceLines(Path log) {
        try {
            return logs.linesSinceMark(log, ScaleOutIdentical.FENCE_SIGNS);
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The impostor closed without leaving (a static member does not): it is taken out, else the group would
     * wait for its session to expire.
     */
    private void removeImpostor(ConsumerGroups groups) throws Exception {
        ConsumerGroups.Group now = groups.describe(ConsumerGroups.ORCHESTRATOR);
        boolean stillImpostor = now.members().stream().anyMatch(m -> m.memberId().equals(impostor));
        if (impostor != null && stillImpostor) {
            groups.removeStaticMember(ConsumerGroups.ORCHESTRATOR, fencedMember);
        }
    }

    private void watch(ScenarioContext context, ConsumerGroups groups, Instant fencedAt) {
        Duration left = RESUME_WITHIN.minus(Duration.between(fencedAt, Instant.now()));
        Poll.until(left.isNegative() ? Duration.ZERO : left, Duration.ofMillis(500), () -> {
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
                    && !m.memberId().equals(impostor))) {
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
        if (impostor == null) {
            findings.violation("HARNESS", "the consumer joining as " + fencedMember + " got no partitions within 20 s");
        }
        if (consumingAgain == null && notReady == null) {
            findings.violation("LISTENER", "within " + RESUME_WITHIN.toSeconds() + " s of the fence of "
                    + fencedMember + " the orchestrator neither consumed again nor reported readiness DOWN; group: "
                    + lastSeen + "; " + ListenerGauges.GAUGE + " " + gauges);
        }
        List<String> fenced = fenceLines(context.stack().service(ChaosStack.ORCHESTRATOR).logFile());
        context.progress("the orchestrator logged %d lines about the fence%s", fenced.size(),
                fenced.isEmpty() ? "" : ", e.g. " + fenced.get(0));
    }
}
