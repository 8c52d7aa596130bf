package io.sagaengine.chaos;

/**
 * A second orchestrator instance joins under load (the reply partitions are shared out again), later dies by
 * SIGKILL and is not restarted; then another joins and leaves gracefully. Each runs with the first one's
 * command line.
 */
final class Rebalance implements Scenario {

    @Override
    public String name() {
        return "rebalance";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(3, 6);
        join(context, "orchestrator-2");
        context.waitRandomly(5, 10);
        context.stack().service("orchestrator-2").kill();
        context.stack().removeInstance("orchestrator-2");
        context.injected("SIGKILL orchestrator-2 (not restarted)");
        context.waitRandomly(3, 6);
        join(context, "orchestrator-3");
        context.waitRandomly(5, 10);
        context.stack().service("orchestrator-3").stop();
        context.stack().removeInstance("orchestrator-3");
        context.injected("orchestrator-3 stopped gracefully");
        context.healed("one orchestrator instance again");
    }

    private static void join(ScenarioContext context, String instance) throws Exception {
        context.progress("starting %s", instance);
        context.stack().startInstance(ChaosStack.ORCHESTRATOR, instance);
        context.injected("%s joined (ready)", instance);
    }
}
