package io.sagaengine.bench;

import io.sagaengine.enginebench.EngineDriver;
import io.sagaengine.enginebench.EngineTransitionBenchmark;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.Map;

/**
 * {@code bench/run engine}: the engine's own cost per transition, by JMH in a forked JVM with production settings:
 * whole order sagas (completed, compensated, with a passed deadline) through the real engine and order saga over
 * in-memory storage, so no I/O is measured. Prints the benchmark thread's CPU time per transition (the headline:
 * it does not grow when other work shares the machine), JMH's wall-clock time and the allocation per transition.
 * The CPU of the collector and JIT threads is not included; the allocation figure shows what the collector gets.
 */
final class EngineBench {

    static final String DEFAULT_JVM_OPTIONS = "-Xms1g -Xmx1g -XX:+UseG1GC";

    private EngineBench() {
    }

    static void run(Map<String, String> options) throws Exception {
        String jvm = options.getOrDefault("jvm-opts", DEFAULT_JVM_OPTIONS);
        ChainedOptionsBuilder builder = new OptionsBuilder()
                .include(EngineTransitionBenchmark.class.getName())
                .forks(Integer.parseInt(options.getOrDefault("forks", "1")))
                .warmupIterations(Integer.parseInt(options.getOrDefault("warmup-iterations", "5")))
                .warmupTime(TimeValue.seconds(Integer.parseInt(options.getOrDefault("iteration-seconds", "2"))))
                .measurementIterations(Integer.parseInt(options.getOrDefault("iterations", "5")))
                .measurementTime(TimeValue.seconds(Integer.parseInt(options.getOrDefault("iteration-seconds", "2"))))
                .threads(1)
                .jvmArgs(jvm.trim().split("\\s+"))
                .addProfiler(GCProfiler.class);
        System.out.println("[bench] JMH, 1 thread, forked JVM options: " + jvm + "; load "
                + ProcessCpu.system().loadAverages());
        Collection<RunResult> results = new Runner(builder.build()).run();
        double completed = Double.NaN;
        double compensated = Double.NaN;
        double deadline = Double.NaN;
        double wallCompleted = Double.NaN;
        double allocCompleted = Double.NaN;
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            Result<?> wall = run.getPrimaryResult();
            Map<String, Result> secondary = run.getSecondaryResults();
            double bytes = score(secondary, "gc.alloc.rate.norm");
            double cpuPerSaga = score(secondary, "cpuNanos") / score(secondary, "sagas") / 1000;
            int transitions = switch (shortName) {
                case "completed" -> EngineDriver.COMPLETED_TRANSITIONS;
                case "compensated" -> EngineDriver.COMPENSATED_TRANSITIONS;
                default -> EngineDriver.DEADLINE_TRANSITIONS;
            };
            double cpuPerTransition = cpuPerSaga / transitions;
            switch (shortName) {
                case "completed" -> {
                    completed = cpuPerTransition;
                    wallCompleted = wall.getScore() / transitions;
                    allocCompleted = bytes / transitions;
                }
                case "compensated" -> compensated = cpuPerTransition;
                default -> deadline = cpuPerTransition;
            }
            System.out.printf("[bench] %-14s %d transitions per saga: CPU %7.1f us per saga, %6.1f us per transition; "
                            + "wall %7.1f +- %.1f us per saga; %6.1f KB allocated per transition%n", shortName,
                    transitions, cpuPerSaga, cpuPerTransition, wall.getScore(), wall.getScoreError(),
                    bytes / transitions / 1024);
        }
        System.out.printf("RESULT engine us_per_transition=%.1f compensated_us_per_transition=%.1f "
                        + "deadline_us_per_transition=%.1f wall_us_per_transition=%.1f kb_allocated_per_transition=%.1f%n",
                completed, compensated, deadline, wallCompleted, allocCompleted / 1024);
    }

    @SuppressWarnings("rawtypes")
    private static double score(Map<String, Result> results, String name) {
        Result result = results.get(name);
        return result == null ? Double.NaN : result.getScore();
    }
}
