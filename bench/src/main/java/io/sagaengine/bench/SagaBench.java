package io.sagaengine.bench;

import io.sagaengine.localstack.LocalStack;
import io.sagaengine.localstack.ServiceProcess;
import io.sagaengine.testsupport.EmbeddedPostgresServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The whole system under an open-loop order load: {@code bench/run saga --rate R --seconds S}. Starts the system
 * as separate processes (embedded PostgreSQL, a Kafka broker, the four services from their executable jars, with
 * production JVM settings) or drives one already running ({@code --url}); measures POST-to-terminal latency, the
 * rate of sagas completed and the CPU of every process of the stack per saga; checks invariants I1-I4 for its
 * orders. {@code --find-max} raises the rate until the system no longer keeps up; {@code --overload} offers more
 * than it can take ({@link OverloadBench}). A refused order ({@code 503} or {@code 429}) is counted, not sent again.
 */
final class SagaBench {

    /** Production-like service JVMs: C2 (the default tiered JIT), G1, a fixed heap. */
    static final String DEFAULT_JVM_OPTIONS = "-Xms512m -Xmx512m -XX:+UseG1GC";
    private static final List<String> DATABASES = List.of("orders", "payment", "inventory", "shipping");

    private final Map<String, String> options;
    private final ProcessCpu cpu = ProcessCpu.system();
    private final ThreadCpu threads = ThreadCpu.system();
    private final PostgresCpu postgresCpu = new PostgresCpu(cpu);
    private final long ticksPerSecond = ProcessCpu.ticksPerSecond();
    private final String runId = Long.toString(System.currentTimeMillis() / 1000 % 100_000_000L, 36);
    private SystemHttp http;
    private Map<String, Long> processes = new LinkedHashMap<>();
    private PostgresStats postgres;
    private Path profileDirectory;
    private int step;

    private SagaBench(Map<String, String> options) {
        this.options = options;
    }

    /** One measured rate: what the run printed on its RESULT line. */
    record StepResult(int rate, double completedPerSecond, double p50, double p99, double max, double cpuMsPerSaga,
                      long errors, int violations, long refused) {

        /** A rate at which the system refused orders ({@code 503}/{@code 429}) was not sustained, however fast. */
        boolean sustained(double maxP99Ms, double tolerance) {
            return errors == 0 && violations == 0 && refused == 0 && p99 < maxP99Ms
                    && completedPerSecond >= rate * (1 - tolerance);
        }

        String fields() {
            return String.format("completed_per_s=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f cpu_ms_per_saga=%.2f "
                    + "errors=%d invariant_violations=%d refused=%d", completedPerSecond, p50, p99, max, cpuMsPerSaga,
                    errors, violations, refused);
        }
    }

    static void run(Map<String, String> options) throws Exception {
        new SagaBench(options).run();
    }

    private void run() throws Exception {
        waitForQuietMachine();
        LocalStack stack = null;
        Path data = null;
        try {
            if (options.containsKey("url")) {
                String url = options.get("url");
                http = new SystemHttp(SystemHttp.Urls.fromOrders(url), operator());
                processes = RunningProcesses.find(cpu, options.get("pids"));
                if (options.containsKey("jdbc-url")) {
                    postgres = new PostgresStats(options.get("jdbc-url"), DATABASES);
                }
                progress("driving the system at " + url + "; processes sampled: " + processes);
            } else {
                data = Files.createTempDirectory("saga-bench");
                stack = startStack(data);
                http = new SystemHttp(SystemHttp.Urls.fromOrders(stack.service("orchestrator").url()), operator());
                processes = stackProcesses(stack, data);
                postgres = new PostgresStats(stack.jdbcUrl("orders"), DATABASES);
                if (options.containsKey("postgres-set")) {
                    postgres.set(options.get("postgres-set"), this::progress);
                }
            }
            if (flag("profile")) {
                profileDirectory = Path.of(options.getOrDefault("profile-dir", "bench/target/profile-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))))
                        .toAbsolutePath();
                Files.createDirectories(profileDirectory);
                if (postgres != null && !postgres.enableStatements()) {
                    progress("pg_stat_statements is not preloaded by this server; statements are not profiled");
                }
            }
            describeSettings();
            if (options.containsKey("overload")) {
                List<Path> logs = stack != null
                        ? stack.services().values().stream().map(ServiceProcess::logFile).toList()
                        : serviceLogs(options.get("logs"));
                new OverloadBench(options, http, logs, stack != null, runId, this::progress).run();
            } else if (flag("push")) {
                new PushBench(options, http, cpu, processes.get("orchestrator"), runId, this::progress).run();
            } else if (options.containsKey("status-reads")) {
                new StatusReadBench(options, http, cpu, processes.get("orchestrator"), runId, this::progress).run();
            } else if (flag("find-max")) {
                findMax();
            } else {
                int rate = intOption("rate", 10);
                StepResult result = measure(rate, intOption("warmup", 60), intOption("seconds", 60));
                System.out.printf("RESULT saga rate=%d/s %s%n", rate, result.fields());
            }
        } finally {
            if (http != null) {
                http.close();
            }
            if (stack != null) {
                progress("stopping the system");
                stack.close();
            }
            if (data != null && flag("keep-data")) {
                progress("the system's data and logs stay in " + data + " (--keep-data)");
            } else if (data != null) {
                deleteRecursively(data);
            }
        }
    }

    /** The {@code *.log} files in {@code --logs DIR} (the services' logs of a system the bench did not start). */
    private static List<Path> serviceLogs(String directory) throws IOException {
        if (directory == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(directory))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private void findMax() throws Exception {
        double maxP99 = doubleOption("max-p99-ms", 1000);
        double tolerance = doubleOption("tolerance", 0.03);
        int seconds = intOption("seconds", 60);
        List<Integer> rates = new ArrayList<>();
        if (options.containsKey("rates")) {
            Arrays.stream(options.get("rates").split(",")).map(String::trim).map(Integer::parseInt).forEach(rates::add);
        }
        RateSearch search = new RateSearch(intOption("start-rate", 20), intOption("step", 20), rates,
                intOption("max-steps", 12));
        StepResult best = null;
        List<String> table = new ArrayList<>();
        boolean firstStep = true;
        for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
            int rate = next.getAsInt();
            if (search.retryingColdStart()) {
                progress("the first step ran on cold services: trying " + rate + "/s once more before it counts");
            } else if (search.refining()) {
                progress("cooling down 20 s before refining at " + rate + "/s");
                TimeUnit.SECONDS.sleep(20);
            }
            int warmup = firstStep ? intOption("warmup", 60) : intOption("step-warmup", 15);
            firstStep = false;
            StepResult result = measure(rate, warmup, seconds);
            boolean ok = result.sustained(maxP99, tolerance);
            table.add(String.format("rate=%d/s %s -> %s", rate, result.fields(), ok ? "sustained" : "NOT sustained"));
            progress("step " + table.get(table.size() - 1));
            search.record(rate, ok);
            if (ok && (best == null || rate > best.rate())) {
                best = result;
            }
        }
        progress("find-max: sustained = p99 < " + maxP99 + " ms, completed within " + (tolerance * 100)
                + "% of offered, no errors, no refused orders, no invariant violations; " + seconds + " s per rate");
        table.forEach(line -> progress("  " + line));
        if (best == null) {
            System.out.println("RESULT saga-max max_rate=0/s (no rate tried was sustained)");
        } else {
            System.out.printf("RESULT saga-max max_rate=%d/s %s%n", best.rate(), best.fields());
        }
    }

    private StepResult measure(int rate, int warmup, int seconds) throws Exception {
        step++;
        Fixtures fixtures = new Fixtures("b" + runId + "-" + step, options.getOrDefault("country", "DE"),
                options.getOrDefault("noship-country", "JP"));
        OrderMix mix = OrderMix.parse(options.getOrDefault("mix", OrderMix.DEFAULT));
        Map<String, Integer> initialStock = fixtures.seed(http);
        OpenLoopRun.Settings settings = new OpenLoopRun.Settings(rate, warmup, seconds, intOption("drain", 60),
                intOption("long-poll", 20));
        progress(String.format("offering %d orders/s for %d s after %d s of warm-up (mix %s)", rate, seconds, warmup,
                mix));
        CpuSample[] samples = new CpuSample[2];
        List<Map<String, Map<String, Long>>> threadSamples = new ArrayList<>();
        String[] loads = new String[2];
        JfrProfile jfr = profileDirectory == null ? null
                : new JfrProfile(JfrProfile.jvmsOf(processes), profileDirectory.resolve("rate-" + rate), this::progress);
        OpenLoopRun.Outcome outcome = new OpenLoopRun(http, settings, this::progress).run(fixtures, mix,
                new OpenLoopRun.Window() {
                    @Override
                    public void started() {
                        if (jfr != null) {
                            createDirectories(profileDirectory.resolve("rate-" + rate));
                            jfr.start();
                        }
                        postgresCall(() -> postgres.windowStarted());
                        loads[0] = cpu.loadAverages();
                        samples[0] = CpuSample.take(cpu, processes);
                        threadSamples.add(threadSnapshot());
                        progress("measured window started (load " + loads[0] + ")");
                    }

                    @Override
                    public void ended() {
                        samples[1] = CpuSample.take(cpu, processes);
                        threadSamples.add(threadSnapshot());
                        loads[1] = cpu.loadAverages();
                        progress("measured window ended (load " + loads[1] + ")");
                        postgresCall(() -> postgres.windowEnded());
                        if (jfr != null) {
                            jfr.stop();
                        }
                    }
                });
        progress("checking invariants I1-I4 for " + outcome.orders().size() + " orders");
        List<String> violations = InvariantCheck.run(http, outcome.orders(), initialStock);
        long sampled = sampledSagas(outcome, samples);
        StepResult result = report(rate, outcome, samples, sampled, loads, violations, jfr);
        if (threadSamples.size() == 2) {
            double compiling = reportThreads(threadSamples.get(0), threadSamples.get(1), sampled);
            progress(String.format("  %-13s %7.2f ms/saga of the stack's %.2f went to the JIT compilers' threads; "
                    + "the rest, %.2f ms/saga, is the stack's work with what was compiled by then", "JIT", compiling,
                    result.cpuMsPerSaga(), result.cpuMsPerSaga() - compiling));
        }
        return result;
    }

    private Map<String, Map<String, Long>> threadSnapshot() {
        Map<String, Map<String, Long>> byProcess = new LinkedHashMap<>();
        JfrProfile.jvmsOf(processes).forEach((name, pid) -> byProcess.put(name, threads.snapshot(pid)));
        Long postmaster = processes.get("postgres");
        if (postmaster != null) {
            byProcess.put("postgres", postgresCpu.snapshot(postmaster));
        }
        return byProcess;
    }

    /**
     * Where each JVM's CPU went by thread: the JIT and the collector next to the application's own threads.
     *
     * @return milliseconds per saga the JIT compiler threads of all JVMs used
     */
    private double reportThreads(Map<String, Map<String, Long>> start, Map<String, Map<String, Long>> end, long sagas) {
        progress("CPU by thread in the measured window (thread names with numbers as #, PostgreSQL by process role; "
                + "ms per saga):");
        double[] compiling = {0};
        end.forEach((name, after) -> {
            Map<String, Long> before = start.getOrDefault(name, Map.of());
            compiling[0] += ThreadCpu.top(before, after, ticksPerSecond, Integer.MAX_VALUE).entrySet().stream()
                    .filter(e -> e.getKey().contains(ThreadCpu.COMPILER)).mapToDouble(Map.Entry::getValue).sum();
            Map<String, Double> top = ThreadCpu.top(before, after, ticksPerSecond, 8);
            StringBuilder line = new StringBuilder(String.format("  %-13s", name));
            top.forEach((group, seconds) -> line.append(String.format(" %s %.2f;", group,
                    sagas == 0 ? Double.NaN : seconds * 1000 / sagas)));
            progress(line.toString());
        });
        return sagas == 0 ? Double.NaN : compiling[0] * 1000 / sagas;
    }

    /**
     * The sagas that finished while the CPU was sampled: the samples are taken at the window's edges, the first one
     * after the profiler started when {@code --profile} is on (which can take tens of seconds on a busy machine).
     */
    private static long sampledSagas(OpenLoopRun.Outcome outcome, CpuSample[] samples) {
        return samples[0] == null || samples[1] == null ? outcome.terminalInWindow()
                : outcome.terminalBetween(samples[0].nanos(), samples[1].nanos());
    }

    /** @param sampled the sagas that finished between the two CPU samples ({@link #sampledSagas}) */
    private StepResult report(int rate, OpenLoopRun.Outcome outcome, CpuSample[] samples, long sampled, String[] loads,
                              List<String> violations, JfrProfile jfr) {
        Histogram all = histogram();
        Map<OrderKind, Histogram> byKind = new EnumMap<>(OrderKind.class);
        List<TrackedOrder> measured = outcome.measured();
        for (TrackedOrder order : measured) {
            if (order.terminal()) {
                long micros = Math.max(0, order.latencyMicros());
                all.recordValue(Math.min(micros, all.getHighestTrackableValue()));
                byKind.computeIfAbsent(order.plan.kind(), k -> histogram())
                        .recordValue(Math.min(micros, all.getHighestTrackableValue()));
            }
        }
        long sagas = outcome.terminalInWindow();
        double completedPerSecond = sagas / (double) outcome.seconds();
        progress(String.format("rate %d/s: %d orders sent in the window, %d reached a terminal status in it (%.1f/s); "
                + "load %s -> %s", rate, measured.size(), sagas, completedPerSecond, loads[0], loads[1]));
        progress("latency from intended send to terminal status, ms (orders sent in the window):");
        progress("  " + describe("all", all));
        byKind.forEach((kind, h) -> progress("  " + describe(kind.label(), h)));
        double cpuMsPerSaga = Double.NaN;
        if (samples[0] != null && samples[1] != null) {
            Map<String, Double> seconds = samples[1].secondsSince(samples[0], ticksPerSecond);
            double wall = (samples[1].nanos() - samples[0].nanos()) / 1e9;
            double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            cpuMsPerSaga = sampled == 0 ? Double.NaN : total * 1000 / sampled;
            progress(String.format("CPU in the measured window (%.1f s wall, %d sagas):", wall, sampled));
            seconds.forEach((name, s) -> progress(String.format("  %-13s %7.2f s  %6.2f ms/saga  %5.1f%% of one core",
                    name, s, sampled == 0 ? Double.NaN : s * 1000 / sampled, 100 * s / wall)));
            progress(String.format("  %-13s %7.2f s  %6.2f ms/saga  %5.1f%% of one core", "stack total", total,
                    cpuMsPerSaga, 100 * total / wall));
            double harness = (samples[1].harnessTicks() - samples[0].harnessTicks()) / (double) ticksPerSecond;
            double machine = (samples[1].machineBusyTicks() - samples[0].machineBusyTicks()) / (double) ticksPerSecond;
            progress(String.format("  %-13s %7.2f s (the load generator and checks; not counted)", "bench client",
                    harness));
            progress(String.format("  %-13s %7.2f s busy of %.1f s available (%d cores); other processes %.2f s",
                    "machine", machine, wall * Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(), machine - total - harness));
        }
        if (postgres != null) {
            postgres.report(sagas, this::progress);
        }
        if (jfr != null) {
            jfr.summarize(sagas);
        }
        List<TrackedOrder> failed = outcome.orders().stream().filter(o -> o.error != null).toList();
        failed.stream().limit(10).forEach(o -> progress("error: order " + o.plan.index() + " (" + o.plan.kind().label()
                + ", id " + o.orderId + "): " + o.error));
        violations.stream().limit(20).forEach(v -> progress("violation: " + v));
        long refused = measured.stream().filter(o -> o.refused).count();
        progress(String.format("%d errors, %d invariant violations, %d orders of the window refused (503/429, not "
                + "sent again; %d in the whole run)", failed.size(), violations.size(), refused, outcome.refused()));
        return new StepResult(rate, completedPerSecond, ms(all.getValueAtPercentile(50)),
                ms(all.getValueAtPercentile(99)), ms(all.getMaxValue()), cpuMsPerSaga, failed.size(),
                violations.size(), refused);
    }

    private LocalStack startStack(Path data) throws Exception {
        List<String> jvmOptions = List.of(options.getOrDefault("jvm-opts", DEFAULT_JVM_OPTIONS).trim().split("\\s+"));
        if (flag("profile")) {
            preloadStatements(data.resolve("postgres"));
        }
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        // class-data sharing shortens the start only; the classes and the JIT that run the load are the same
        LocalStack.prepareStartupArchives(root, line -> progress("[stack] " + line), stack -> { });
        progress("starting the system (services' JVM options: " + String.join(" ", jvmOptions) + ")");
        return LocalStack.start(new LocalStack.Options(root, data, freeBasePort(), 0, 0, Map.of(),
                line -> progress("[stack] " + line), jvmOptions));
    }

    /** A first start of the cluster to set {@code shared_preload_libraries}, which only a restart applies. */
    private void preloadStatements(Path postgresData) throws Exception {
        progress("preparing PostgreSQL with pg_stat_statements preloaded");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgresData, 0, true);
             Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), EmbeddedPostgresServer.USER,
                     EmbeddedPostgresServer.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        }
    }

    private static Map<String, Long> stackProcesses(LocalStack stack, Path data) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.services().forEach((name, service) -> pids.put(name, service.pid()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            ordered.put(service.name(), pids.get(service.name()));
        }
        stack.pids().stream().filter(pid -> !pids.containsValue(pid)).findFirst().ifPresent(pid -> ordered.put("kafka", pid));
        String postmaster = Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(0).trim();
        ordered.put("postgres", Long.parseLong(postmaster));
        return ordered;
    }

    private void describeSettings() {
        progress("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load " + cpu.loadAverages()
                + "; Java " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        progress("bench client JVM options: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        processes.forEach((name, pid) -> {
            if (!name.equals("postgres")) {
                progress(name + " (pid " + pid + ") JVM options: " + jvmOptionsOf(cpu.commandLine(pid)));
            }
        });
        if (postgres != null) {
            postgresCall(() -> progress("postgres settings: " + String.join(", ", postgres.settings())));
        }
    }

    /** The options between {@code java} and the main class or jar, without the class path. */
    static String jvmOptionsOf(String commandLine) {
        List<String> jvm = new ArrayList<>();
        String[] args = commandLine.split(" ");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-cp") || a.equals("-classpath")) {
                i++;
            } else if (a.equals("-jar") || !a.startsWith("-")) {
                break;
            } else {
                jvm.add(a);
            }
        }
        return jvm.isEmpty() ? "(JVM defaults)" : String.join(" ", jvm);
    }

    private void waitForQuietMachine() throws InterruptedException {
        double maxLoad = doubleOption("max-load", 1.0);
        int maxWait = intOption("load-wait", 900);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxWait);
        double load = cpu.loadAverage();
        if (maxLoad <= 0 || load < maxLoad) {
            progress("load " + cpu.loadAverages() + " (1, 5, 15 min)");
            return;
        }
        progress("waiting up to " + maxWait + " s for the 1-minute load to fall below " + maxLoad + " (now "
                + cpu.loadAverages() + ")");
        while (System.nanoTime() < deadline && (load = cpu.loadAverage()) >= maxLoad) {
            TimeUnit.SECONDS.sleep(10);
        }
        progress(load < maxLoad ? "machine quiet: load " + cpu.loadAverages()
                : "the machine did not get quiet; measuring anyway at load " + cpu.loadAverages());
    }

    private String operator() {
        return options.getOrDefault("operator", "operator:operator-dev-password");
    }

    private interface SqlCall {
        void run() throws Exception;
    }

    private void postgresCall(SqlCall call) {
        if (postgres == null) {
            return;
        }
        try {
            call.run();
        } catch (Exception e) {
            progress("PostgreSQL statistics failed: " + e.getMessage());
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    }

    private static String describe(String label, Histogram h) {
        return String.format("%-8s n=%-6d p50 %7.1f  p90 %7.1f  p99 %7.1f  p99.9 %7.1f  max %7.1f", label,
                h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private double doubleOption(String name, double fallback) {
        return Double.parseDouble(options.getOrDefault(name, Double.toString(fallback)));
    }

    private void progress(String line) {
        System.out.println("[bench] " + line);
    }

    /** A base port with the next three free too, for the four services. */
    /**
     * Four consecutive free ports below the kernel's range of ephemeral ports: a port from that range, free when
     * checked, can be taken by any outgoing connection (the clients of the broker and the databases open hundreds)
     * before the service binds it.
     */
    private static int freeBasePort() throws IOException {
        int below = firstEphemeralPort();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = random.nextInt(20_000, below - 4);
            if (free(base) && free(base + 1) && free(base + 2) && free(base + 3)) {
                return base;
            }
        }
        throw new IOException("no four consecutive free ports found below " + below);
    }

    private static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int first = Integer.parseInt(range.split("\\s+")[0]);
            return first > 20_100 ? first : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("[bench] could not remove " + dir + ": " + e.getMessage());
        }
    }
}
