package io.sagaengine.bench;

import io.sagaengine.chaos.ChaosCommand;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code bench/run <scenario> [--option value]...}; each scenario ends with one {@code RESULT} line. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        if (args[0].equals("chaos")) {
            // bench/run runs from the project's folder, where the services' executable jars are built
            System.exit(ChaosCommand.run(List.of(args).subList(1, args.length), Path.of("").toAbsolutePath(), System.out));
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                usage();
                System.exit(2);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(args[i].substring(2), flag ? "true" : args[++i]);
        }
        switch (args[0]) {
            case "relay" -> RelayBench.run(options);
            case "saga" -> SagaBench.run(options);
            case "push" -> {
                options.put("push", "true");
                SagaBench.run(options);
            }
            case "engine" -> EngineBench.run(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: bench/run relay [--rate 500] [--seconds 30] [--warmup-seconds 10] [--poll-ms 5] [--max-batch 2048] [--wake-on-change true] [--throughput-messages 60000]
                  relay: commit-to-consumer latency of one outbox relay at a fixed offered rate (HdrHistogram,
                         corrected for coordinated omission), then the maximum sustained throughput.
                       bench/run saga [--rate 10 --seconds 60 --warmup 60 --mix ... --url ... --jvm-opts ... --profile]
                       bench/run saga --find-max | bench/run engine   (options: docs/BENCHMARKS.md)
                       bench/run saga --overload [cold-start|sustained] --capacity R [--cold-fraction 0.6]
                                      [--cold-seconds 120] [--warmup 60] [--baseline-seconds 30]
                                      [--overload-factor 2] [--overload-seconds 120] [--recovery-rate R/2]
                                      [--recovery-seconds 60] [--normal-p99-ms MS] [--drain 60] [--logs DIR]
                  overload: R is the highest sustained rate --find-max found on this machine; refused orders
                            (503/429) are counted and not sent again; RESULT overload lines (docs/BENCHMARKS.md)
                       bench/run saga --status-reads [20000] [--status-concurrency 8] [--status-polls 400]
                  status reads: orchestrator CPU and pool borrows per 304 and per long poll that ends unchanged
                       bench/run push [--subscribers 2000] [--transport ws|sse] [--rate 50] [--seconds 60] [--warmup 60]
                                      [--baseline-seconds S] [--push-warmup 30] [--per-order K | --max-per-order 100]
                                      [--held H [--held-rate R]] [--subscriber-drain S]
                  push: orders at a fixed rate, without then with subscribers of their pushed status; every
                        subscriber must see every change in order; RESULT push line (docs/BENCHMARKS.md)
                """);
        System.err.println(ChaosCommand.USAGE);
    }
}
