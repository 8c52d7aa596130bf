package io.sagaengine.chaos;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A second payment instance started under load with exactly the first one's command line; once both hold
 * payment command partitions, the first (which also relays payment's outbox) is SIGKILLed. The survivor must
 * take all its partitions (and the relay). Afterwards the first is started again and the second stopped, so
 * the stack is as it was.
 */
final class ParticipantFleet implements Scenario {

    static final String SERVICE = "payment";
    static final String SECOND = "payment-2";
    /** The payment command topic's partitions (every command topic has four). */
    static final int PARTITIONS = 4;
    static final Duration SHARE_WITHIN = Duration.ofSeconds(45);
    /** A dead member's partitions move after the session timeout (10 s), plus a rebalance. */
    static final Duration TAKE_OVER_WITHIN = Duration.ofSeconds(30);

    private ConsumerGroups.Group shared;
    private ConsumerGroups.Group afterKill;
    private Duration takeOver;

    @Override
    public String name() {
        return "participant-fleet";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        shared = null;
        afterKill = null;
        takeOver = null;
        context.waitRandomly(3, 5);
        context.progress("starting %s with %s's command line", SECOND, SERVICE);
        context.stack().startInstance(SERVICE, SECOND);
        context.injected("%s started with %s's command line (ready)", SECOND, SERVICE);
        try (ConsumerGroups groups = new ConsumerGroups(context.stack().bootstrapServers())) {
            shared = groups.await(ConsumerGroups.PAYMENT, SHARE_WITHIN, ParticipantFleet::bothConsume);
            context.progress("group %s with two instances up: %s", ConsumerGroups.PAYMENT, shared);
            context.waitRandomly(2, 4);
            context.stack().service(SERVICE).kill();
            Instant killedAt = Instant.now();
            context.injected("SIGKILL %s (it relays payment's outbox; %s stands by)", SERVICE, SECOND);
            afterKill = groups.await(ConsumerGroups.PAYMENT, TAKE_OVER_WITHIN, ParticipantFleet::survivorHoldsAll);
            if (survivorHoldsAll(afterKill)) {
                takeOver = Duration.between(killedAt, Instant.now());
                context.healed("%s holds all %d partitions after %.1f s: %s", SECOND, PARTITIONS,
                        takeOver.toMillis() / 1000.0, afterKill);
            } else {
                context.progress("%s did not take every partition within %d s: %s", SECOND,
                        TAKE_OVER_WITHIN.toSeconds(), afterKill);
            }
        }
    }

    static boolean bothConsume(ConsumerGroups.Group group) {
        return group.stable() && group.consumingMembers() >= 2;
    }

    static boolean survivorHoldsAll(ConsumerGroups.Group group) {
        return group != null && group.stable() && group.members().size() == 1
                && group.members().get(0).partitions().stream().map(TopicPartition::partition).distinct().count()
                == PARTITIONS;
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        if (shared == null || !bothConsume(shared)) {
            findings.violation("FLEET", "with two payment instances up, group " + ConsumerGroups.PAYMENT
                    + " did not show two members holding partitions within " + SHARE_WITHIN.toSeconds()
                    + " s; last seen: " + shared);
        }
        if (takeOver == null) {
            findings.violation("FLEET", SECOND + " did not take every payment command partition within "
                    + TAKE_OVER_WITHIN.toSeconds() + " s of the SIGKILL of " + SERVICE + "; last seen: " + afterKill);
        }
    }

    @Override
    public void restore(ScenarioContext context) throws Exception {
        if (!context.stack().service(SERVICE).isAlive()) {
            context.progress("starting %s again", SERVICE);
            context.stack().restart(SERVICE, Map.of());
        }
        if (context.stack().instances().contains(SECOND)) {
            context.stack().service(SECOND).stop();
            context.stack().removeInstance(SECOND);
            context.progress("%s stopped", SECOND);
        }
    }
}
