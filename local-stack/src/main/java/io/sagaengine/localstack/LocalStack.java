package io.sagaengine.localstack;

import io.sagaengine.testsupport.EmbeddedPostgresServer;
import io.sagaengine.testsupport.JavaProcess;
import io.sagaengine.testsupport.KafkaBrokerProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole system on one machine: one embedded PostgreSQL 17 server hosting the four services' databases,
 * a Kafka broker in its own process, and the four services, each in its own JVM with its own relay.
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the system: its module, port and database. */
    public record Service(String name, String module, int portOffset, String database) {
    }

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    /**
     * Compiles a method only after three times the usual number of calls or loops: a start runs much code a few
     * times, and C1 compiled much of it for nothing (measured: about 1 s less CPU per service JVM until ready).
     */
    private static final String FEWER_COMPILATIONS = "-XX:CompileThresholdScaling=3";
    /**
     * Starts each service from the bean definitions its build evaluated (Spring AOT), not by evaluating its
     * configuration classes and conditions again: about 12% less CPU per service until ready. A service
     * whose settings change a bean-deciding switch starts the usual way instead (AotSwitchesCheck).
     */
    private static final String AOT_INITIALIZERS = "-Dspring.aot.enabled=true";

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

        /**
         * A quick start on few cores (C1 only and late, the serial collector, and the services' ahead-of-time
         * initializers, which a service uses only while its switches are as the build had them), for
         * development, not for measuring; the broker then runs with C1 only and late as well.
         */
        public static final List<String> DEVELOPMENT_JVM_OPTIONS =
                List.of("-Xmx384m", "-XX:+UseSerialGC", C1_ONLY, FEWER_COMPILATIONS, "-Xss512k", AOT_INITIALIZERS);

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
    private final boolean recordArchives;
    private final Map<String, StartupArchive> recording = new LinkedHashMap<>();
    private StartupArchive brokerRecording;
    private volatile boolean closing;
    private EmbeddedPostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private volatile String kafkaBootstrapServers;
    private final Map<String, ServiceProcess> services = Collections.synchronizedMap(new LinkedHashMap<>());

    private LocalStack(Options options, Path dataDirectory, boolean temporary, boolean recordArchives) {
        this.options = options;
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.recordArchives = recordArchives;
    }

    public static LocalStack start(Options options) throws Exception {
        return start(options, stack -> { });
    }

    /**
     * Starts the system; {@code created} gets the stack before anything is started, so that it can be closed
     * (e.g. from a shutdown hook) while it is still starting, leaving no process behind.
     */
    public static LocalStack start(Options options, Consumer<LocalStack> created) throws Exception {
        boolean temporary = options.dataDirectory() == null;
        Path data = temporary ? Files.createTempDirectory("saga-local-stack") : options.dataDirectory();
        Files.createDirectories(data);
        LocalStack stack = new LocalStack(options, data, temporary, false);
        created.accept(stack);
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
        if (recordArchives) {
            prepareRecordings();
        }
        progress.accept("state in " + dataDirectory + (temporary ? " (temporary)" : ""));
        progress.accept("starting PostgreSQL 17 (port " + options.postgresPort() + ") and a Kafka broker (port "
                + options.kafkaPort() + ")");
        Path kafkaDirectory = dataDirectory.resolve("kafka");
        KafkaBrokerProcess.Jvm brokerJvm = brokerJvm(kafkaDirectory);
        StateTemplate.kafkaStorage(options.root(), brokerJvm.classPath()).copyInto(kafkaDirectory.resolve("logs"));
        // chosen now, so that the services can be started before the broker is ready
        int kafkaPort = options.kafkaPort() > 0 ? options.kafkaPort() : freePort();
        kafkaBootstrapServers = "localhost:" + kafkaPort;
        CompletableFuture<KafkaBrokerProcess> kafkaStart = CompletableFuture.supplyAsync(() -> KafkaBrokerProcess.start(
                kafkaDirectory, kafkaPort, 4, Duration.ofSeconds(90), brokerJvm));
        try {
            Path postgresDirectory = dataDirectory.resolve("postgres");
            StateTemplate.postgres(options.root(), databases()).copyInto(postgresDirectory);
            postgres = EmbeddedPostgresServer.start(postgresDirectory, options.postgresPort(), true);
            for (Service service : SERVICES) {
                postgres.createDatabase(service.database());
            }
            progress.accept(String.format("PostgreSQL ready (%.1f s): databases %s", seconds(t0), databases()));
            // the services spend their first seconds starting their JVM and Spring context, which needs no broker;
            // they reach Kafka only after their database migrations, well after the broker answers
            for (Service service : SERVICES) {
                int port = options.httpBasePort() + service.portOffset();
                progress.accept("starting " + service.module() + " on port " + port);
                launch(service, service.name(), logs().resolve(service.module() + ".log"), port,
                        options.extraProperties().getOrDefault(service.name(), Map.of()));
            }
        } catch (IOException | RuntimeException e) {
            kafkaStart.thenAccept(LocalStack::stopQuietly); // not yet known to close()
            throw e;
        }
        try {
            kafka = kafkaStart.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        failIfClosing();
        progress.accept(String.format("Kafka ready (%.1f s) at %s", seconds(t0), kafka.bootstrapServers()));

        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (ServiceProcess service : List.copyOf(services.values())) {
            ready.add(CompletableFuture.runAsync(() -> {
                try {
                    service.awaitReady(Duration.ofSeconds(180));
                    progress.accept(String.format("%s ready (%.1f s) at %s%s", service.name(), seconds(t0), service.url(),
                            howStarted(service)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    }

    /** Spring Boot's start line says whether a service started from its ahead-of-time initializers. */
    private static String howStarted(ServiceProcess service) {
        try {
            return service.outputSinceStartContains("Starting AOT-processed") ? ", from its ahead-of-time initializers"
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> databases() {
        return SERVICES.stream().map(Service::database).toList();
    }

    /**
     * Makes what every fresh stack would otherwise make anew, unless made already for this build folder: a
     * PostgreSQL cluster with the services' databases and the broker's formatted storage ({@link StateTemplate}).
     */
    private static void prepareStateTemplates(Path root, Consumer<String> progress) throws Exception {
        StateTemplate postgres = StateTemplate.postgres(root, databases());
        String brokerClassPath = brokerClassPath(root);
        StateTemplate kafkaStorage = StateTemplate.kafkaStorage(root, brokerClassPath);
        if (postgres.complete() && kafkaStorage.complete()) {
            return;
        }
        long t0 = System.nanoTime();
        progress.accept("making the templates of a fresh PostgreSQL cluster and Kafka storage (once per build folder)");
        postgres.make(content -> {
            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(content, 0, true)) {
                databases().forEach(server::createDatabase);
            }
        });
        kafkaStorage.make(content -> KafkaBrokerProcess.formatStorage(content,
                new KafkaBrokerProcess.Jvm(KafkaBrokerProcess.Jvm.standard().options(), brokerClassPath)));
        progress.accept(String.format("templates made (%.1f s)", seconds(t0)));
    }

    private ServiceProcess launch(Service service, String instanceName, Path logFile, int port,
                                  Map<String, String> extraProperties) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.profiles.active", "dev");
        properties.put("spring.datasource.url", postgres.jdbcUrl(service.database()));
        properties.put("spring.datasource.username", EmbeddedPostgresServer.USER);
        properties.put("spring.datasource.password", EmbeddedPostgresServer.PASSWORD);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        // no outbox.consumer.instance-id: each instance leases its own from its database, so identical command
        // lines work for any number of instances
        properties.putAll(extraProperties);
        StartupArchive.Launch launch = launchOf(service);
        List<String> jvmOptions = new ArrayList<>(options.serviceJvmOptions());
        jvmOptions.addAll(launch.jvmOptions());
        ServiceProcess process = ServiceProcess.start(instanceName, launch.jar(), port, properties, logFile, jvmOptions);
        services.put(instanceName, process);
        if (closing) { // close() may have taken its list of services before this one was added
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The stack was stopped while starting " + instanceName);
        }
        return process;
    }

    /** From the service's start-up archive if there is one for its jar as built now, else from the jar itself. */
    private StartupArchive.Launch launchOf(Service service) throws IOException {
        Path jar = jar(service);
        if (!Files.isRegularFile(jar)) {
            return StartupArchive.Launch.plain(jar); // reported as missing by ServiceProcess
        }
        StartupArchive archive = StartupArchive.ofService(options.root(), service.module(), jar);
        if (archive.complete()) {
            return new StartupArchive.Launch(archive.extractedJar(), archive.useOptions());
        }
        StartupArchive prepared = recording.get(service.name());
        if (prepared != null) {
            return new StartupArchive.Launch(prepared.extractedJar(), prepared.recordOptions());
        }
        return StartupArchive.Launch.plain(jar);
    }

    /**
     * Before a recording run: extracts every service whose archive is missing and makes its ahead-of-time
     * initializers, all at once (each is mostly a JVM of its own), so that the recording starts them together.
     */
    private void prepareRecordings() throws IOException, InterruptedException {
        Map<Service, StartupArchive> missing = servicesWithoutArchive(options.root());
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, missing.size()));
        try {
            List<Future<?>> preparing = new ArrayList<>();
            missing.forEach((service, archive) -> preparing.add(workers.submit(() -> {
                archive.prepareRecording();
                makeAotInitializers(service, archive);
                return null;
            })));
            for (Future<?> preparation : preparing) {
                try {
                    preparation.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io
                            : new IOException("Preparing a start-up archive failed", e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
        }
        missing.forEach((service, archive) -> recording.put(service.name(), archive));
    }

    /** The services built but without a complete start-up archive for their jar as it is now. */
    private static Map<Service, StartupArchive> servicesWithoutArchive(Path root) throws IOException {
        Map<Service, StartupArchive> missing = new LinkedHashMap<>();
        for (Service service : SERVICES) {
            Path jar = findJar(root, service);
            if (Files.isRegularFile(jar)) {
                StartupArchive archive = StartupArchive.ofService(root, service.module(), jar);
                if (!archive.complete()) {
                    missing.put(service, archive);
                }
            }
        }
        return missing;
    }

    /** A service whose initializers cannot be made starts without them, the usual way; the stack says so. */
    private void makeAotInitializers(Service service, StartupArchive archive) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            archive.makeAotInitializers(service.module());
            options.progress().accept(String.format("%s: ahead-of-time initializers made (%.1f s)", service.module(),
                    seconds(t0)));
        } catch (IOException | RuntimeException e) {
            options.progress().accept(service.module() + ": no ahead-of-time initializers, it starts the usual way ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * The broker's JVM: the launcher's jars (the JVM archives no class folder), its logging configuration, and
     * the broker's start-up archive when there is one (or recording it).
     */
    private KafkaBrokerProcess.Jvm brokerJvm(Path kafkaDirectory) throws IOException {
        String classPath = brokerClassPath(options.root());
        List<String> jvmOptions = new ArrayList<>(KafkaBrokerProcess.Jvm.standard().options());
        if (options.serviceJvmOptions().contains(C1_ONLY)) {
            // the development settings start the broker quickly too; measurements keep C2
            jvmOptions.addAll(List.of(C1_ONLY, FEWER_COMPILATIONS));
        }
        var logging = LocalStack.class.getResource("/logback.xml");
        if (logging != null) { // the folder that held it is not on the broker's class path
            Files.createDirectories(kafkaDirectory);
            Path copy = kafkaDirectory.resolve("logback.xml");
            try (var in = logging.openStream()) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            jvmOptions.add("-Dlogback.configurationFile=" + copy);
        }
        StartupArchive archive = StartupArchive.ofBroker(options.root(), classPath);
        if (archive.complete()) {
            jvmOptions.addAll(archive.useOptions());
        } else if (recordArchives) {
            try {
                archive.prepareRecording();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            brokerRecording = archive;
            jvmOptions.addAll(archive.recordOptions());
        }
        return new KafkaBrokerProcess.Jvm(jvmOptions, classPath);
    }

    /**
     * Makes the start-up archive of every service whose jar has none yet (after a build that changed it): starts
     * the system once from the extracted jars in a temporary folder, waits until every service is ready and stops
     * it, each service's JVM writing the classes it loaded as it exits. A few tens of seconds, once per build of a
     * service; nothing when every archive is up to date. A service whose archive could not be made starts from its
     * jar as before.
     *
     * @return the services whose archive was made
     */
    public static List<String> prepareStartupArchives(Path root, Consumer<String> progress,
                                                      Consumer<LocalStack> created) throws Exception {
        prepareStateTemplates(root, progress);
        List<String> missing = new ArrayList<>();
        servicesWithoutArchive(root).keySet().forEach(service -> missing.add(service.name()));
        if (!StartupArchive.ofBroker(root, brokerClassPath(root)).complete()) {
            missing.add("kafka broker");
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        long t0 = System.nanoTime();
        progress.accept("recording the start-up archives of " + missing + " (once per build that changed them)");
        Options options = new Options(root, null, freeBasePort(), 0, 0, Map.of(),
                line -> progress.accept("  recording: " + line), Options.DEVELOPMENT_JVM_OPTIONS);
        LocalStack stack = new LocalStack(options, Files.createTempDirectory("saga-startup-archives"), true, true);
        created.accept(stack);
        try {
            stack.startAll();
        } finally {
            stack.close();
        }
        List<String> made = new ArrayList<>();
        if (stack.brokerRecording != null && stack.kafka != null && stack.kafka.exitCode().orElse(-1) != 137
                && stack.brokerRecording.commit()) {
            made.add("kafka broker");
        }
        for (Map.Entry<String, StartupArchive> entry : stack.recording.entrySet()) {
            ServiceProcess process = stack.services.get(entry.getKey());
            boolean endedByItself = process != null && process.exitCode().orElse(-1) != 137; // 137: SIGKILL
            if (endedByItself && entry.getValue().commit()) {
                made.add(entry.getKey());
            }
        }
        progress.accept(String.format("start-up archives recorded (%.1f s): %s%s", seconds(t0), made,
                made.size() < missing.size() ? "; the others start from their jars" : ""));
        return made;
    }

    /**
     * The broker's class path: the jars of this module as the build listed them ({@code classpath.txt}, what
     * {@code local-stack/run} starts the launcher with), whichever program starts the stack. The launcher, the
     * chaos suite, the bench and the tests run on class paths of their own; the broker's archive and storage
     * template are named by its class path, so each of them would otherwise record the broker anew, replacing the
     * others' archive. The JVM's own jars where the list is missing or names a jar that is gone.
     */
    static String brokerClassPath(Path root) {
        Path listed = root.resolve("local-stack").resolve("target").resolve("classpath.txt");
        if (Files.isRegularFile(listed)) {
            try {
                String classPath = jarsOf(Files.readString(listed).strip());
                if (!classPath.isEmpty() && Arrays.stream(classPath.split(File.pathSeparator))
                        .allMatch(jar -> Files.isRegularFile(Path.of(jar)))) {
                    return classPath;
                }
            } catch (IOException e) {
                // the JVM's own class path below
            }
        }
        return jarsOf(JavaProcess.classPath());
    }

    private static String jarsOf(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freeBasePort() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20_000 + random.nextInt(12_000);
            boolean free = true;
            for (int port = base; port < base + SERVICES.size() && free; port++) {
                try (java.net.ServerSocket ignored = new java.net.ServerSocket(port)) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free ports for the services");
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
        return kafkaBootstrapServers;
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
        return findJar(options.root(), service);
    }

    private static Path findJar(Path root, Service service) throws IOException {
        Path target = root.resolve(service.module()).resolve("target");
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
        closing = true;
        Consumer<String> progress = options.progress();
        // a JVM recording its start-up archive writes it as it exits: tens of seconds on a busy machine
        Duration grace = recordArchives ? Duration.ofMinutes(3) : Duration.ofSeconds(30);
        List.copyOf(services.values()).parallelStream().forEach(s -> {
            try {
                s.stop(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!services.isEmpty()) {
            progress.accept("services stopped");
        }
        if (kafka != null) {
            try {
                kafka.close(grace);
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

    private static void stopQuietly(KafkaBrokerProcess broker) {
        try {
            broker.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a start that was interrupted by {@link #close()} (which stopped what had started until then). */
    private void failIfClosing() {
        if (closing) {
            close(); // again: what close() found still starting has started since
            throw new IllegalStateException("The stack was stopped while starting");
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
