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
    private static OtlpReceiver traces;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                traces = OtlpReceiver.start();
                // as the README's command does: services start from their archives and ahead-of-time initializers
                // (made once per build), so what these tests see is what a developer's stack does
                LocalStack.prepareStartupArchives(root(), line -> System.out.println("[system-test stack] " + line),
                        stack -> { });
                stack = LocalStack.start(new LocalStack.Options(root(), null, freeBasePort(), 0, 0,
                        testProperties(traces.tracesEndpoint()),
                        line -> System.out.println("[system-test stack] " + line)));
            } catch (Exception e) {
                throw new IllegalStateException("The system did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                traces.close();
            }, "system-stack-shutdown"));
        }
        return stack;
    }

    /** The spans every service of the shared system exports. */
    static synchronized OtlpReceiver traces() {
        get();
        return traces;
    }

    /**
     * Every service sends its spans to the test's OTLP receiver, every 200 ms; the orchestrator logs each request
     * (in the request's span, so with its trace id).
     */
    static Map<String, Map<String, String>> testProperties(String tracesEndpoint) {
        Map<String, String> tracing = Map.of(
                "management.opentelemetry.tracing.export.otlp.endpoint", tracesEndpoint,
                "management.opentelemetry.tracing.export.schedule-delay", "200ms");
        Map<String, String> orchestrator = new java.util.HashMap<>(tracing);
        orchestrator.put("logging.level.org.springframework.web.servlet.DispatcherServlet", "DEBUG");
        return Map.of(
                "orchestrator", orchestrator,
                "payment", tracing,
                "inventory", tracing,
                "shipping", tracing);
    }

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
