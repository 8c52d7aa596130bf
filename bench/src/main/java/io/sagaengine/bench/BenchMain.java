package io.sagaengine.bench;

import java.util.HashMap;
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
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        switch (args[0]) {
            case "relay" -> RelayBench.run(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: bench/run relay [--rate 500] [--seconds 30] [--warmup-seconds 10] [--poll-ms 5] [--throughput-messages 60000]
                  relay: commit-to-consumer latency of one outbox relay at a fixed offered rate (HdrHistogram,
                         corrected for coordinated omission), then the maximum sustained throughput.""");
    }
}
