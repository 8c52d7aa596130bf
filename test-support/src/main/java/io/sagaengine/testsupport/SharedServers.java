package io.sagaengine.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the one set of servers of this JVM; stops them when the JVM exits. */
final class SharedServers {

    private static final Logger log = LoggerFactory.getLogger(SharedServers.class);
    private static volatile RealServers instance;

    private SharedServers() {
    }

    static RealServers get() {
        RealServers servers = instance;
        if (servers == null) {
            synchronized (SharedServers.class) {
                servers = instance;
                if (servers == null) {
                    servers = start();
                    instance = servers;
                }
            }
        }
        return servers;
    }

    private static RealServers start() {
        String flavour = System.getProperty(RealServers.PROPERTY, "embedded");
        long started = System.nanoTime();
        RealServers servers = switch (flavour) {
            case "embedded" -> EmbeddedServers.start();
            case "testcontainers" -> ContainerServers.start();
            default -> throw new IllegalArgumentException(
                    RealServers.PROPERTY + " must be 'embedded' or 'testcontainers', was '" + flavour + "'");
        };
        log.info("Real servers ({}) ready in {} ms: kafka={}", flavour,
                (System.nanoTime() - started) / 1_000_000, servers.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(servers), "real-servers-shutdown"));
        return servers;
    }

    private static void close(RealServers servers) {
        if (servers instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Stopping the shared servers failed", e);
            }
        }
    }
}
