package io.sagaengine.chaos;

import java.util.Map;

/**
 * A rolling restart under load, as an upgrade does it: every instance of every service in turn is stopped
 * gracefully (SIGTERM), started again with its command line, and only once it is ready is the next one
 * restarted.
 */
final class RollingRestart implements Scenario {

    @Override
    public String name() {
        return "rolling-restart";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(3, 5);
        for (String instance : context.stack().instances()) {
            context.injected("graceful restart (SIGTERM) of %s", instance);
            ServiceFaults.gracefulRestart(context, instance, Map.of());
        }
        context.healed("every instance restarted: %s", context.stack().instances());
    }
}
