package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one outbox relay in its own JVM so a test can kill it with SIGKILL. Prints {@code STREAMING} once it
 * streams. Arguments: jdbcUrl user password bootstrapServers.
 */
public final class RelayProcessMain {

    public static final String STREAMING = "STREAMING";

    public static void main(String[] args) throws Exception {
        RelaySettings settings = RelaySettings.forJdbcUrl(args[0], args[1], args[2])
                .withTiming(Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(200));
        OutboxRelay relay = new OutboxRelay(settings, args[3], new SimpleMeterRegistry());
        relay.start();
        while (!relay.awaitStreaming(Duration.ofSeconds(1))) {
            System.out.println("waiting: " + relay.state());
        }
        System.out.println(STREAMING);
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
