package io.sagaengine.bench;

import io.sagaengine.orchestrator.engine.EngineDriver;
import io.sagaengine.orchestrator.engine.EngineTransitionBenchmark;
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
 * in-memory storage, so no I/O is measured. Prints the time and allocation per transition.
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
        double allocCompleted = Double.NaN;
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            Result<?> primary = run.getPrimaryResult();
            Result<?> alloc = run.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = alloc == null ? Double.NaN : alloc.getScore();
            int transitions;
            if (name.endsWith(".completed")) {
                transitions = EngineDriver.COMPLETED_TRANSITIONS;
                completed = primary.getScore() / transitions;
                allocCompleted = bytes / transitions;
            } else if (name.endsWith(".compensated")) {
                transitions = EngineDriver.COMPENSATED_TRANSITIONS;
                compensated = primary.getScore() / transitions;
            } else {
                transitions = EngineDriver.DEADLINE_TRANSITIONS;
                deadline = primary.getScore() / transitions;
            }
            System.out.printf("[bench] %-12s %8.2f +- %.2f us per saga (%d transitions): %6.2f us and %6.1f KB "
                            + "allocated per transition%n", name.substring(name.lastIndexOf('.') + 1),
                    primary.getScore(), primary.getScoreError(), transitions, primary.getScore() / transitions,
                    bytes / transitions / 1024);
        }
        System.out.printf("RESULT engine us_per_transition=%.2f compensated_us_per_transition=%.2f "
                        + "deadline_us_per_transition=%.2f kb_allocated_per_transition=%.1f%n", completed, compensated,
                deadline, allocCompleted / 1024);
    }
}
