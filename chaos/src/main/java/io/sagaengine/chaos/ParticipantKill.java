package io.sagaengine.chaos;

/** SIGKILL of each participant in turn while its commands are in flight, each restarted 5 s later. */
final class ParticipantKill implements Scenario {

    @Override
    public String name() {
        return "participant-kill";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        for (String participant : ChaosStack.PARTICIPANTS) {
            context.waitRandomly(3, 6);
            ServiceFaults.killAndRestart(context, participant);
        }
    }
}
