package io.sagaengine.system;

import io.sagaengine.localstack.LocalStack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole system, started once per test JVM exactly as {@code local-stack/run} starts it (embedded
 * PostgreSQL, a Kafka broker process, the four services as processes from their executable jars), on free
 * ports, and shared by every system test class.
 */
final class SystemStack {

    private static LocalStack stack;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(new LocalStack.Options(root(), null, freeBasePort(), 0, 0, TEST_PROPERTIES,
                        line -> System.out.println("[system-test stack] " + line)));
            } catch (Exception e) {
                throw new IllegalStateException("The system did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "system-stack-shutdown"));
        }
        return stack;
    }

    /** Faster clocks than production so timeout paths finish within a test's patience. */
    static final Map<String, Map<String, String>> TEST_PROPERTIES = Map.of(
            "orchestrator", Map.of(),
            "payment", Map.of(),
            "inventory", Map.of(),
            "shipping", Map.of());

    private static Path root() {
        String root = System.getProperty("project.root");
        return Path.of(root == null ? ".." : root).toAbsolutePath().normalize();
    }

    /** A base port with the next three free too, for the four services. */
    static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = freePort();
            if (base > 65000) {
                continue;
            }
            if (free(base + 1) && free(base + 2) && free(base + 3)) {
                return base;
            }
        }
        throw new IOException("no four consecutive free ports found");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
