package io.sagaengine.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import java.util.concurrent.TimeUnit;

/**
 * A real Kafka KRaft broker (combined broker and controller) in its own OS process, for crash tests and
 * for the local stack. It runs the server classes of the kafka_2.13 jar from this JVM's class path.
 *
 * <p>For fault injection it can be killed and {@linkplain #restart(Duration) restarted} on the same data
 * directory and ports, or {@linkplain #pause() paused} and resumed (SIGSTOP, SIGCONT).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** The broker's JVM: its options and class path (which must hold the kafka_2.13 server classes). */
    public record Jvm(List<String> options, String classPath) {

        public Jvm {
            options = List.copyOf(options);
        }

        /** A 512 MB serial-collector JVM on this JVM's class path. */
        public static Jvm standard() {
            return new Jvm(List.of("-Xmx512m", "-XX:+UseSerialGC"), JavaProcess.classPath());
        }
    }

    private final int port;
    private final Path properties;
    private final Path logFile;
    private final Jvm jvm;
    private volatile Process process;
    private volatile boolean paused;

    private KafkaBrokerProcess(Process process, int port, Path properties, Path logFile, Jvm jvm) {
        this.process = process;
        this.port = port;
        this.properties = properties;
        this.logFile = logFile;
        this.jvm = jvm;
    }

    /**
     * Formats the storage (first start only) and launches the broker, then waits until it answers.
     *
     * @param dataDirectory where the logs live; reused on restart
     * @param port the client port, or 0 for a free one
     */
    public static KafkaBrokerProcess start(Path dataDirectory, int port, int partitions, Duration readyWithin) {
        return start(dataDirectory, port, partitions, readyWithin, Jvm.standard());
    }

    /** As {@link #start(Path, int, int, Duration)}, in a JVM of its own settings (also on restart). */
    public static KafkaBrokerProcess start(Path dataDirectory, int port, int partitions, Duration readyWithin, Jvm jvm) {
        try {
            Files.createDirectories(dataDirectory);
            int clientPort = port > 0 ? port : freePort();
            int controllerPort = freePort();
            Path logDirs = dataDirectory.resolve("logs");
            Path properties = dataDirectory.resolve("server.properties");
            Files.writeString(properties, serverProperties(clientPort, controllerPort, logDirs, partitions));
            Path logFile = dataDirectory.resolve("broker.log");
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                format(jvm, properties, logFile);
            }
            KafkaBrokerProcess kafka = new KafkaBrokerProcess(launch(jvm, properties, logFile), clientPort, properties,
                    logFile, jvm);
            kafka.awaitReady(readyWithin);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Formats {@code logDirs} as the storage of a broker of this kind (the same node id and roles; ports play no
     * part), without starting it: a folder to copy into the data directory of later brokers (it then holds
     * {@code logs/meta.properties} and {@link #start} formats nothing), sparing each a JVM that only formats.
     */
    public static void formatStorage(Path logDirs, Jvm jvm) {
        try {
            Files.createDirectories(logDirs);
            Path work = Files.createTempDirectory("kafka-format");
            try {
                Path properties = work.resolve("server.properties");
                Files.writeString(properties, serverProperties(freePort(), freePort(), logDirs, 1));
                format(jvm, properties, work.resolve("format.log"));
            } finally {
                try (var files = Files.list(work)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
                Files.deleteIfExists(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void format(Jvm jvm, Path properties, Path logFile) throws IOException, InterruptedException {
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java(jvm, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            String output = Files.exists(logFile) ? Files.readString(logFile) : "";
            throw new IllegalStateException("Formatting Kafka storage failed; see " + logFile + "\n" + output);
        }
    }

    private static Process launch(Jvm jvm, Path properties, Path logFile) throws IOException {
        return java(jvm, "kafka.Kafka", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
    }

    /**
     * Starts the broker again on the same data directory and ports (after {@link #kill()} or a stop) and
     * waits until it answers.
     */
    public void restart(Duration readyWithin) throws InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("The Kafka broker is still running");
        }
        try {
            process = launch(jvm, properties, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paused = false;
        awaitReady(readyWithin);
    }

    /** SIGSTOP: the broker freezes with its connections open, as a long GC pause or a hung VM would. */
    public void pause() {
        Signals.send(process.pid(), "STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        Signals.send(process.pid(), "CONT");
        paused = false;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no clean shutdown, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        paused = false;
    }

    /** The exit code of its last run, once it ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(30));
    }

    /** SIGTERM and a clean shutdown; SIGKILL if it does not end within {@code grace}. */
    public void close(Duration grace) throws InterruptedException {
        if (paused && process.isAlive()) {
            resume(); // a stopped process would only see SIGTERM once continued
        }
        JavaProcess.stop(process, grace);
    }

    private void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        // wait for the port first: an admin client started earlier logs a warning per failed connection
        while (System.nanoTime() < deadline && !portOpen()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + logFile);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + logFile);
                }
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
        }
        throw new IllegalStateException("Kafka broker not ready within " + within + "; see " + logFile);
    }

    private boolean portOpen() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ProcessBuilder java(Jvm jvm, String mainClass, String... args) {
        return JavaProcess.of(jvm.classPath(), mainClass, jvm.options(), args);
    }

    private static String serverProperties(int port, int controllerPort, Path logDirs, int partitions) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") ;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

}
