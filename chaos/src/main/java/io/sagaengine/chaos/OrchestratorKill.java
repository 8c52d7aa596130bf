package io.sagaengine.chaos;

/** SIGKILL of the orchestrator while orders flow, restarted 5 s later; several times. */
final class OrchestratorKill implements Scenario {

    @Override
    public String name() {
        return "orchestrator-kill";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        for (int i = 0; i < context.options().repeats(); i++) {
            context.waitRandomly(3, 8);
            ServiceFaults.killAndRestart(context, ChaosStack.ORCHESTRATOR);
        }
    }
}
