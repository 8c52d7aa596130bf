package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

/**
 * Runs one outbox relay in its own JVM so a test can kill or freeze it. Prints {@code STATE <state> <published>}
 * whenever its state or its count of published records changes, and {@code STREAMING} each time it starts to
 * stream. Arguments: jdbcUrl user password bootstrapServers. System property {@code relay.leaderTimeoutMs}
 * sets the leader timeout.
 */
public final class RelayProcessMain {

    public static final String STREAMING = "STREAMING";
    public static final String STATE = "STATE ";

    public static void main(String[] args) throws Exception {
        RelaySettings settings = RelaySettings.forJdbcUrl(args[0], args[1], args[2])
                .withTiming(Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(200))
                .withFailover(Duration.ofMillis(Long.getLong("relay.leaderTimeoutMs", 10_000)), 0, null, null);
        OutboxRelay relay = new OutboxRelay(settings, args[3], new SimpleMeterRegistry());
        relay.start();
        String last = "";
        while (true) {
            RelayState state = relay.state();
            String line = STATE + state + " " + relay.publishedCount();
            if (!line.equals(last)) {
                if (state == RelayState.STREAMING && !last.startsWith(STATE + RelayState.STREAMING)) {
                    System.out.println(STREAMING);
                }
                System.out.println(line);
                System.out.flush();
                last = line;
            }
            Thread.sleep(20);
        }
    }
}
