package io.sagaengine.chaos;

import java.time.Duration;

/**
 * PostgreSQL stops at once (SIGKILL to the postmaster and every backend: no checkpoint, every connection
 * gone) and comes back {@code --outage-s} (15 s) later on the same data directory and port, after crash recovery.
 */
final class PostgresKill implements Scenario {

    @Override
    public String name() {
        return "postgres-kill";
    }

    @Override
    public boolean crashes() {
        return true;
    }

    @Override
    public void inject(ScenarioContext context) {
        context.waitRandomly(5, 10);
        Duration down = context.options().outage();
        context.stack().postgres().crash();
        context.injected("SIGKILL PostgreSQL (postmaster and backends) for %.1f s", down.toMillis() / 1000.0);
        context.hold(down);
        context.progress("restarting PostgreSQL");
        context.stack().postgres().restart();
        context.healed("PostgreSQL restarted (crash recovery done)");
    }
}
