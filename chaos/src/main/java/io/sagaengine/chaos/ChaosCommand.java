package io.sagaengine.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chaos [--scenario NAME[,NAME...]|all] [--sagas N] [--seed S] [--rate R] [--repeats K] [--patience-s 300]
 * [--outage-s 15] [--set SERVICE:PROPERTY=VALUE]... [--data DIR] [--out DIR]}: runs one or every scenario
 * on one stack; each ends with one RESULT line. Exit status 0 only if no scenario found a violation or a
 * spurious cancellation.
 */
public final class ChaosCommand {

    public static final String USAGE = """
            usage: bench/run chaos [--scenario NAME[,NAME...]|all] [--sagas 800] [--seed S] [--rate 20] [--repeats 3]
                                   [--patience-s 300] [--outage-s 15] [--set SERVICE:PROPERTY=VALUE]...
                                   [--data DIR] [--out DIR]
              chaos: runs the system as separate processes, drives a mixed order workload at a fixed rate,
                     injects the scenario's faults at seeded random moments, heals them, waits until nothing
                     is in flight and checks the invariants on every order; one RESULT line per scenario.
                     --set orchestrator:saga.order.step-deadline=2m overrides a property of every instance of a
                     service (orchestrator, payment, inventory, shipping) for an experiment.
              scenarios: %s""".formatted(wrapped(Scenarios.NAMES, 90, " ".repeat(13)));

    private ChaosCommand() {
    }

    /** {@code names} joined with commas, a new line (with {@code indent}) before a line would pass {@code width}. */
    static String wrapped(List<String> names, int width, String indent) {
        StringBuilder text = new StringBuilder();
        int lineLength = 0;
        for (int i = 0; i < names.size(); i++) {
            String item = names.get(i) + (i < names.size() - 1 ? "," : "");
            if (lineLength > 0 && lineLength + 1 + item.length() > width) {
                text.append('\n').append(indent);
                lineLength = 0;
            } else if (lineLength > 0) {
                text.append(' ');
                lineLength++;
            }
            text.append(item);
            lineLength += item.length();
        }
        return text.toString();
    }

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, Path root, PrintStream out) throws Exception {
        if (args.contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        ChaosOptions options;
        try {
            options = parse(args, root);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(USAGE);
            return 2;
        }
        List<ScenarioResult> results = new ArrayList<>();
        try (ChaosSuite suite = ChaosSuite.start(options, out::println)) {
            for (String scenario : options.scenarios()) {
                results.add(suite.run(scenario));
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.printf("chaos: %d of %d scenarios without violations or spurious cancellations (seed %d)%n",
                results.size() - failed, results.size(), options.seed());
        return failed == 0 ? 0 : 1;
    }

    static ChaosOptions parse(List<String> args, Path root) {
        ChaosOptions options = ChaosOptions.defaults(root);
        Map<String, Map<String, String>> properties = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value at " + name);
            }
            String value = args.get(++i);
            switch (name) {
                case "--scenario" -> options = options.withScenarios(value.equals("all") ? Scenarios.NAMES
                        : List.of(value.split(",")));
                case "--sagas" -> options = options.withLoad(Integer.parseInt(value), options.rate());
                case "--rate" -> options = options.withLoad(options.sagas(), Double.parseDouble(value));
                case "--seed" -> options = options.withSeed(Long.parseLong(value));
                case "--repeats" -> options = options.withRepeats(Integer.parseInt(value));
                case "--patience-s" -> options = options.withPatience(Duration.ofSeconds(Long.parseLong(value)));
                case "--outage-s" -> options = options.withOutage(Duration.ofSeconds(Long.parseLong(value)));
                case "--data" -> options = options.withDirectories(options.outputDirectory(), Path.of(value).toAbsolutePath());
                case "--out" -> options = options.withDirectories(Path.of(value).toAbsolutePath(), options.dataDirectory());
                case "--set" -> {
                    int colon = value.indexOf(':');
                    int equals = value.indexOf('=');
                    if (colon < 1 || equals < colon + 2) {
                        throw new IllegalArgumentException("--set needs SERVICE:PROPERTY=VALUE, got " + value);
                    }
                    properties.computeIfAbsent(value.substring(0, colon), s -> new HashMap<>())
                            .put(value.substring(colon + 1, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        for (String service : properties.keySet()) {
            if (!List.of(ChaosStack.ORCHESTRATOR, "payment", "inventory", "shipping").contains(service)) {
                throw new IllegalArgumentException("--set: no service " + service);
            }
        }
        return options.withServiceProperties(properties);
    }
}
