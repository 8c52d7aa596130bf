package io.sagaengine.chaos;

import java.time.Duration;

/** SIGSTOP of the Kafka broker for 20 s (connections stay open, nothing answers), then SIGCONT. */
final class BrokerPause implements Scenario {

    static final Duration PAUSE = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "broker-pause";
    }

    @Override
    public void inject(ScenarioContext context) {
        context.waitRandomly(5, 10);
        context.stack().kafka().pause();
        context.injected("SIGSTOP the Kafka broker for %d s", PAUSE.toSeconds());
        context.hold(PAUSE);
        context.stack().kafka().resume();
        context.healed("SIGCONT the Kafka broker");
    }
}
