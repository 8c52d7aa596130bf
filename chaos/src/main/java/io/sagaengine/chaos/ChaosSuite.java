package io.sagaengine.chaos;

import io.sagaengine.contracts.Topics;
import io.sagaengine.outbox.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A chaos run: the stack is started once and shared by the scenarios, each of which checks its own orders.
 *
 * <pre>{@code
 * try (ChaosSuite suite = ChaosSuite.start(options, System.out::println)) {
 *     ScenarioResult result = suite.run("orchestrator-kill");
 * }
 * }</pre>
 */
public final class ChaosSuite implements AutoCloseable {

    private final ChaosOptions options;
    private final Progress progress;
    private final ChaosStack stack;
    private final TopicLog topics;
    private final ScenarioRunner runner;
    private final String runId;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private ChaosSuite(ChaosOptions options, Progress progress, ChaosStack stack) {
        this.options = options;
        this.progress = progress;
        this.stack = stack;
        this.topics = new TopicLog(stack.bootstrapServers());
        this.runId = Long.toString(System.currentTimeMillis(), 36); // keeps keys, customers and SKUs apart across runs
        Api api = new Api(stack::url);
        this.runner = new ScenarioRunner(stack, api, topics, options, progress, runId);
        // a run stopped with Ctrl-C, or a test JVM ending, still stops every process it started
        this.shutdownHook = new Thread(this::close, "chaos-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the stack (about 35 s here) and the topic log. */
    public static ChaosSuite start(ChaosOptions options, Consumer<String> out) throws Exception {
        Progress progress = new Progress(out);
        progress.line("seed %d (replay with --seed %d); starting the stack", options.seed(), options.seed());
        ChaosStack stack = ChaosStack.start(options, progress);
        try {
            createTopics(stack.bootstrapServers());
            return new ChaosSuite(options, progress, stack);
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Creates the command, reply and dead-letter topics as the broker would on first use, so they can be copied and read
     * from the start, and the order events topic the orchestrator publishes every order's changes to.
     */
    private static void createTopics(String bootstrapServers) throws Exception {
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : RecordDuplicator.TOPICS) {
            wanted.add(new NewTopic(topic, 4, (short) 1));
            wanted.add(new NewTopic(DeadLetters.topicFor(topic), 4, (short) 1));
        }
        wanted.add(new NewTopic(Topics.ORDER_EVENTS, 4, (short) 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            for (KafkaFuture<Void> created : admin.createTopics(missing).values().values()) {
                try {
                    created.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // a service created it meanwhile: fine
                        throw e;
                    }
                }
            }
        }
    }

    /** Runs one scenario and prints its violations, spurious outcomes and RESULT line. */
    public ScenarioResult run(String scenario) throws Exception {
        if (closed) {
            throw new IllegalStateException("the suite is closed");
        }
        ScenarioResult result = runner.run(Scenarios.named(scenario));
        report(result);
        return result;
    }

    private void report(ScenarioResult result) {
        for (String violation : result.violations()) {
            progress.raw("VIOLATION " + result.scenario() + " " + violation);
        }
        if (!result.spurious().isEmpty()) {
            progress.raw("SPURIOUS " + result.scenario() + ": " + result.spuriousCancellations()
                    + " orders ended otherwise than planned:");
            SpuriousSummary.lines(result.spurious()).forEach(line -> progress.raw("SPURIOUS " + result.scenario() + " " + line));
        }
        progress.raw(result.resultLine());
    }

    /** Every OS process the stack runs now (services, broker, postmaster). */
    public List<Long> pids() {
        return stack.pids();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        topics.close();
        Path logs = options.outputDirectory().resolve(runId + "-logs");
        stack.copyLogs(logs);
        stack.close();
        progress.line("stack stopped; its logs are in %s", logs);
    }
}
