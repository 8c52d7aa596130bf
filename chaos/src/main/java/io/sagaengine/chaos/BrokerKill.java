package io.sagaengine.chaos;

/** SIGKILL of the Kafka broker, restarted on the same data and port after {@code --outage-s} (15 s). */
final class BrokerKill implements Scenario {

    @Override
    public String name() {
        return "broker-kill";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(5, 10);
        context.stack().kafka().kill();
        context.injected("SIGKILL the Kafka broker for %d s", context.options().outage().toSeconds());
        context.hold(context.options().outage());
        context.progress("restarting the Kafka broker");
        context.stack().kafka().restart(ChaosStack.READY_WITHIN);
        context.healed("Kafka broker restarted and answering");
    }
}
