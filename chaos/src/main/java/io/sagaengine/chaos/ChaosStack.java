package io.sagaengine.chaos;

import io.sagaengine.localstack.LocalStack;
import io.sagaengine.localstack.ServiceProcess;
import io.sagaengine.testsupport.EmbeddedPostgresServer;
import io.sagaengine.testsupport.KafkaBrokerProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The system as the chaos scenarios need it: PostgreSQL, the Kafka broker and each service instance as its own
 * OS process (started through {@link LocalStack}), every one of which can be killed, paused or restarted with
 * its state. Services keep their outbox rows (so the checks can compare them with the topics); otherwise they
 * run with the product's defaults (no consumer instance id: each instance leases its own), plus the overrides
 * given. More instances of a service run with exactly the first one's command line but the port.
 */
final class ChaosStack implements AutoCloseable {

    static final String ORCHESTRATOR = "orchestrator";
    static final List<String> PARTICIPANTS = List.of("payment", "inventory", "shipping");
    static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final LocalStack local;
    private final Progress progress;

    private ChaosStack(LocalStack local, Progress progress) {
        this.local = local;
        this.progress = progress;
    }

    static ChaosStack start(ChaosOptions options, Progress progress) throws Exception {
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            properties.put(service.name(), instanceProperties(options, service.name()));
        }
        // every start and restart of a service maps the classes its archive holds instead of loading them again
        LocalStack.prepareStartupArchives(options.root(), line -> progress.line("stack: %s", line), stack -> { });
        LocalStack local = LocalStack.start(new LocalStack.Options(options.root(), options.dataDirectory(),
                freePorts(LocalStack.SERVICES.size()), 0, 0, properties, line -> progress.line("stack: %s", line)));
        return new ChaosStack(local, progress);
    }

    private static Map<String, String> instanceProperties(ChaosOptions options, String service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("outbox.keep-rows", "true");
        properties.putAll(options.serviceProperties().getOrDefault(service, Map.of()));
        return properties;
    }

    String url(String instance) {
        return service(instance).url();
    }

    ServiceProcess service(String instance) {
        ServiceProcess service = local.service(instance);
        if (service == null) {
            throw new IllegalArgumentException("No service instance " + instance);
        }
        return service;
    }

    String bootstrapServers() {
        return local.kafkaBootstrapServers();
    }

    EmbeddedPostgresServer postgres() {
        return local.postgres();
    }

    KafkaBrokerProcess kafka() {
        return local.kafka();
    }

    /** A JDBC connection to one of the services' databases (orders, payment, inventory, shipping). */
    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("password", EmbeddedPostgresServer.PASSWORD);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(local.jdbcUrl(database), properties);
    }

    /** Restarts a stopped or killed instance with its command line (and {@code changes}) and waits until it is ready. */
    void restart(String instance, Map<String, String> changes) throws IOException, InterruptedException {
        ServiceProcess service = service(instance);
        service.restart(changes);
        service.awaitReady(READY_WITHIN);
    }

    /**
     * Starts one more instance of {@code service} (orchestrator or a participant) with exactly the first
     * instance's command line, only on a free port of its own (processes on one host cannot share one), and
     * waits until it is ready.
     *
     * @param instanceName a name not in use yet (e.g. {@code orchestrator-2}), also its log file's
     */
    ServiceProcess startInstance(String service, String instanceName) throws IOException, InterruptedException {
        ServiceProcess first = service(service);
        ServiceProcess started = local.startInstance(service, instanceName, freePort(), first.properties());
        started.awaitReady(READY_WITHIN);
        return started;
    }

    /** Where an instance started (or to be started) with {@link #startInstance} writes its log. */
    Path instanceLogFile(String service, String instanceName) {
        return local.instanceLogFile(service, instanceName);
    }

    /** Forgets an instance started with {@link #startInstance} once it was stopped or killed. */
    void removeInstance(String instance) {
        local.removeInstance(instance);
    }

    /** Every instance's name: the first of each service by its service's name, then any started later. */
    List<String> instances() {
        return local.instanceNames();
    }

    /**
     * Brings every part back that is not running (a scenario that failed half-way may leave one down) and waits
     * until all answer. Returns what had to be repaired: a process that died although no fault was pending.
     */
    List<String> ensureHealthy() throws Exception {
        List<String> repaired = new ArrayList<>();
        if (postgres().postmasterPid().isEmpty()) {
            repaired.add("PostgreSQL was not running");
            postgres().restart();
        }
        if (!kafka().isAlive()) {
            repaired.add("the Kafka broker was not running");
            kafka().restart(READY_WITHIN);
        }
        for (Map.Entry<String, ServiceProcess> entry : local.services().entrySet()) {
            if (!entry.getValue().isAlive()) {
                repaired.add(entry.getKey() + " was not running");
                entry.getValue().restart();
            }
        }
        for (ServiceProcess service : local.services().values()) {
            service.awaitReady(READY_WITHIN);
        }
        try (Connection c = connect("orders"); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        if (!repaired.isEmpty()) {
            progress.line("repaired: %s", repaired);
        }
        return repaired;
    }

    /**
     * A free port below the ephemeral range (32768 and up here), so that no port the OS hands out meanwhile
     * (PostgreSQL's, the broker's, any client's) can take it before the service binds it.
     */
    static int freePort() {
        return freePorts(1);
    }

    /** The first of {@code count} consecutive free ports below the ephemeral range. */
    private static int freePorts(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(12_000);
            boolean allFree = true;
            for (int port = base; port < base + count && allFree; port++) {
                allFree = free(port);
            }
            if (allFree) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Copies the services' and the broker's logs to {@code target}, before a temporary stack folder is removed. */
    void copyLogs(Path target) {
        try {
            Files.createDirectories(target);
            Path logs = local.dataDirectory().resolve("logs");
            if (Files.isDirectory(logs)) {
                try (Stream<Path> files = Files.list(logs)) {
                    for (Path log : files.toList()) {
                        Files.copy(log, target.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path broker = local.dataDirectory().resolve("kafka").resolve("broker.log");
            if (Files.isRegularFile(broker)) {
                Files.copy(broker, target.resolve("kafka-broker.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            progress.line("could not copy the logs to %s: %s", target, e);
        }
    }

    List<Long> pids() {
        return local.pids();
    }

    @Override
    public void close() {
        local.close();
    }
}
