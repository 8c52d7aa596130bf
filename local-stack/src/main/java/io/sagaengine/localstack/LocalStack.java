package io.sagaengine.localstack;

import io.sagaengine.testsupport.EmbeddedPostgresServer;
import io.sagaengine.testsupport.KafkaBrokerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on one machine: one embedded PostgreSQL 17 server hosting the four services' databases,
 * a Kafka broker in its own process, and the four services, each in its own JVM with its own relay.
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the system: its module, port and database. */
    public record Service(String name, String module, int portOffset, String database) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("orchestrator", "saga-orchestrator", 0, "orders"),
            new Service("payment", "payment-participant", 1, "payment"),
            new Service("inventory", "inventory-participant", 2, "inventory"),
            new Service("shipping", "shipping-participant", 3, "shipping"));

    /**
     * @param root the project's folder (holds each module's target/*-exec.jar)
     * @param dataDirectory where state lives; null for a temporary folder removed on close
     * @param extraProperties per service name, more Spring properties (e.g. for tests)
     * @param serviceJvmOptions the JVM options of every service's process
     */
    public record Options(Path root, Path dataDirectory, int httpBasePort, int postgresPort, int kafkaPort,
                          Map<String, Map<String, String>> extraProperties, Consumer<String> progress,
                          List<String> serviceJvmOptions) {

        /** A quick start on few cores (C1 only, the serial collector), for development, not for measuring. */
        public static final List<String> DEVELOPMENT_JVM_OPTIONS =
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

        public Options {
            serviceJvmOptions = List.copyOf(serviceJvmOptions);
        }

        /** Options whose services run with {@link #DEVELOPMENT_JVM_OPTIONS}. */
        public Options(Path root, Path dataDirectory, int httpBasePort, int postgresPort, int kafkaPort,
                       Map<String, Map<String, String>> extraProperties, Consumer<String> progress) {
            this(root, dataDirectory, httpBasePort, postgresPort, kafkaPort, extraProperties, progress,
                    DEVELOPMENT_JVM_OPTIONS);
        }
    }

    private final Options options;
    private final Path dataDirectory;
    private final boolean temporary;
    private EmbeddedPostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private final Map<String, ServiceProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());

    private LocalStack(Options options, Path dataDirectory, boolean temporary) {
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
    }

    public static LocalStack start(Options options) throws Exception {
        boolean temporary = options.dataDirectory() == null;
        Path data = temporary ? Files.createTempDirectory("saga-local-stack") : options.dataDirectory();
        Files.createDirectories(data);
        LocalStack stack = new LocalStack(options, data, temporary);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Consumer<String> progress = options.progress();
        long t0 = System.nanoTime();
        progress.accept("state in " + dataDirectory + (temporary ? " (temporary)" : ""));
        progress.accept("starting PostgreSQL 17 (port " + options.postgresPort() + ") and a Kafka broker (port "
                + options.kafkaPort() + ")");
        CompletableFuture<KafkaBrokerProcess> kafkaStart = CompletableFuture.supplyAsync(() ->
                KafkaBrokerProcess.start(dataDirectory.resolve("kafka"), options.kafkaPort(), 4, Duration.ofSeconds(90)));
        postgres = EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), options.postgresPort(), true);
        for (Service service : SERVICES) {
            postgres.createDatabase(service.database());
        }
        progress.accept(String.format("PostgreSQL ready (%.1f s): databases %s", seconds(t0),
                SERVICES.stream().map(Service::database).toList()));
        kafka = kafkaStart.join();
        progress.accept(String.format("Kafka ready (%.1f s) at %s", seconds(t0), kafka.bootstrapServers()));

        for (Service service : SERVICES) {
            int port = options.httpBasePort() + service.portOffset();
            progress.accept("starting " + service.module() + " on port " + port);
            launch(service, service.name(), logs().resolve(service.module() + ".log"), port,
                    options.extraProperties().getOrDefault(service.name(), Map.of()));
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceProcess service : List.copyOf(services.values())) {
            ready.add(CompletableFuture.runAsync(() -> {
                try {
                    service.awaitReady(Duration.ofSeconds(180));
                    progress.accept(String.format("%s ready (%.1f s) at %s", service.name(), seconds(t0), service.url()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    }

    private ServiceProcess launch(Service service, String instanceName, Path logFile, int port,
                                  Map<String, String> extraProperties) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.profiles.active", "dev");
        properties.put("spring.datasource.url", postgres.jdbcUrl(service.database()));
        properties.put("spring.datasource.username", EmbeddedPostgresServer.USER);
        properties.put("spring.datasource.password", EmbeddedPostgresServer.PASSWORD);
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        // no outbox.consumer.instance-id: each instance leases its own from its database, so identical command
        // lines work for any number of instances
        properties.putAll(extraProperties);
        ServiceProcess process = ServiceProcess.start(instanceName, jar(service), port, properties, logFile,
                options.serviceJvmOptions());
        services.put(instanceName, process);
        return process;
    }

    /**
     * Starts one more instance of a service (e.g. a second orchestrator sharing the first one's database and
     * consumer group) on {@code port}; does not wait until it is ready. It is stopped with the stack. Given the
     * first instance's {@link ServiceProcess#properties()}, it runs with the same command line but its port.
     *
     * @param serviceName  one of {@link #SERVICES}' names
     * @param instanceName a name not used yet, also the name of its log file
     */
    public ServiceProcess startInstance(String serviceName, String instanceName, int port,
                                        Map<String, String> extraProperties) throws IOException {
        Service service = SERVICES.stream().filter(s -> s.name().equals(serviceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + serviceName));
        if (services.containsKey(instanceName)) {
            throw new IllegalArgumentException("Instance name in use: " + instanceName);
        }
        return launch(service, instanceName, instanceLogFile(serviceName, instanceName), port, extraProperties);
    }

    /** Where an instance started with {@link #startInstance} writes its log (appended to when the name is used again). */
    public Path instanceLogFile(String serviceName, String instanceName) {
        Service service = SERVICES.stream().filter(s -> s.name().equals(serviceName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + serviceName));
        return logs().resolve(service.module() + "-" + instanceName + ".log");
    }

    private Path logs() {
        return dataDirectory.resolve("logs");
    }

    /** Forgets an instance started with {@link #startInstance}, after it was stopped or killed. */
    public void removeInstance(String instanceName) {
        ServiceProcess removed = services.get(instanceName);
        if (removed != null && removed.isAlive()) {
            throw new IllegalStateException(instanceName + " is still running");
        }
        services.remove(instanceName);
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    public Map<String, ServiceProcess> services() {
        return Map.copyOf(services);
    }

    /** The instances' names in the order they were started. */
    public List<String> instanceNames() {
        synchronized (services) {
            return List.copyOf(services.keySet());
        }
    }

    /** The PostgreSQL server, for fault injection (crash and restart). */
    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** The Kafka broker process, for fault injection (kill, restart, pause). */
    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Every process this stack started (services and broker), for checks that nothing is left behind. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        List.copyOf(services.values()).forEach(s -> pids.add(s.pid()));
        if (kafka != null) {
            pids.add(kafka.pid());
        }
        if (postgres != null) {
            postgres.postmasterPid().ifPresent(pids::add);
        }
        return pids;
    }

    private Path jar(Service service) throws IOException {
        Path target = options.root().resolve(service.module()).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        return target.resolve(service.module() + "-exec.jar"); // reported as missing by ServiceProcess
    }

    /** Stops the services first (gracefully, in parallel), then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        Consumer<String> progress = options.progress();
        List.copyOf(services.values()).parallelStream().forEach(s -> {
            try {
                s.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!services.isEmpty()) {
            progress.accept("services stopped");
        }
        if (kafka != null) {
            try {
                kafka.close();
                progress.accept("Kafka stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
                progress.accept("PostgreSQL stopped");
            } catch (RuntimeException e) {
                progress.accept("PostgreSQL was already stopping: " + e.getMessage());
            }
        }
        if (temporary) {
            deleteQuietly(dataDirectory);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
