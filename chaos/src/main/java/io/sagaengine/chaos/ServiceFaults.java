package io.sagaengine.chaos;

import java.time.Duration;
import java.util.Map;

/** Crashes and restarts of service processes, shared by the scenarios that need them. */
final class ServiceFaults {

    /** How long a killed service stays down before it is started again. */
    static final Duration DOWN = Duration.ofSeconds(5);

    private ServiceFaults() {
    }

    /** SIGKILL, {@link #DOWN} later a restart with the same command line; returns once it is ready again. */
    static void killAndRestart(ScenarioContext context, String instance) throws Exception {
        context.stack().service(instance).kill();
        context.injected("SIGKILL %s", instance);
        context.hold(DOWN);
        context.progress("restarting %s", instance);
        context.stack().restart(instance, Map.of());
        context.healed("%s restarted and ready", instance);
    }

    /** SIGTERM and a graceful shutdown, then a restart; returns once it is ready again. */
    static void gracefulRestart(ScenarioContext context, String instance, Map<String, String> changes) throws Exception {
        context.stack().service(instance).stop();
        context.progress("%s stopped gracefully; restarting%s", instance, changes.isEmpty() ? "" : " with " + changes);
        context.stack().restart(instance, changes);
        context.progress("%s ready", instance);
    }
}
