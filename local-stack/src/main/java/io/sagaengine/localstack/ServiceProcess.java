package io.sagaengine.localstack;

import io.sagaengine.testsupport.JavaProcess;
import io.sagaengine.testsupport.Signals;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One service of the system, run from its executable jar in its own JVM. For fault injection it can be
 * killed, stopped, paused and started again with the same command line (or with some properties changed).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Path logFile;
    private final List<String> jvmOptions;
    private volatile Process process;
    private volatile long logOffsetAtLaunch;
    private volatile boolean paused;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> properties, Path logFile,
                           List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = new LinkedHashMap<>(properties);
        this.logFile = logFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Starts the jar with the given Spring properties (passed as command-line arguments, so they win over
     * the jar's own defaults). Output goes to {@code logFile}.
     */
    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> properties, Path logFile,
                                       List<String> jvmOptions) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": build the project first (./mvnw -DskipTests install)");
        }
        Files.createDirectories(logFile.getParent());
        ServiceProcess service = new ServiceProcess(name, jar, port, properties, logFile, jvmOptions);
        service.launch();
        return service;
    }

    private synchronized void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        // each property once: Spring joins repeated command-line options with commas
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        logOffsetAtLaunch = Files.exists(logFile) ? Files.size(logFile) : 0;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        paused = false;
    }

    /** Starts the service again with the same command line, after {@link #kill()} or {@link #stop()}; does not wait. */
    public void restart() throws IOException {
        restart(Map.of());
    }

    /**
     * Starts the service again with some properties changed (a null value removes one); the change stays for
     * later restarts. Does not wait: see {@link #awaitReady(Duration)}.
     */
    public synchronized void restart(Map<String, String> changedProperties) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        changedProperties.forEach((k, v) -> {
            if (v == null) {
                properties.remove(k);
            } else {
                properties.put(k, v);
            }
        });
        launch();
    }

    /** The Spring properties it runs with (besides its port). */
    public synchronized Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Whether the service's output since it was last started contains {@code text}. */
    public boolean outputSinceStartContains(String text) throws IOException {
        try (InputStream log = Files.newInputStream(logFile)) {
            log.skipNBytes(logOffsetAtLaunch);
            return new String(log.readAllBytes(), StandardCharsets.UTF_8).contains(text);
        }
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of its last run, once it ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /**
     * Waits until the service answers UP on its health endpoint and its outbox relay streams (or stands by).
     */
    public void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                        + logFile + ":\n" + logTail(40));
            }
            if (up("/actuator/health") && up("/actuator/health/outboxRelay")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + within + "; last lines of " + logFile + ":\n"
                + logTail(40));
    }

    /** The last lines of the service's log, so a failed start explains itself after its folder is gone. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private boolean up(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM and a graceful shutdown; SIGKILL if it does not end in time. */
    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** SIGTERM and a graceful shutdown (SIGKILL if it does not end within 30 s); it can be restarted. */
    public void stop() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }

    /** SIGTERM and a graceful shutdown (SIGKILL if it does not end within {@code grace}); it can be restarted. */
    public void stop(Duration grace) throws InterruptedException {
        if (paused && process.isAlive()) {
            resume(); // a stopped process would only see SIGTERM once continued
        }
        JavaProcess.stop(process, grace);
    }

    /** SIGKILL, as in a crash; it can be restarted. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        paused = false;
    }

    /** SIGSTOP: the JVM freezes with its connections open. */
    public void pause() {
        Signals.send(process.pid(), "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        Signals.send(process.pid(), "CONT");
        paused = false;
    }
}
