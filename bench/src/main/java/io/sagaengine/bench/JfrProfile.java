package io.sagaengine.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Java Flight Recordings of the stack's JVMs over the measured window only (started and stopped with
 * {@code jcmd <pid> JFR.start/JFR.stop}, JFR's {@code profile} settings), summarized per process: where the
 * execution samples fall (top methods, top packages, this project's own methods on the stack), the GC pauses
 * and what allocates.
 */
final class JfrProfile {

    private static final String NAME = "saga-bench";

    private final Map<String, Long> jvms;
    private final Path directory;
    private final Consumer<String> out;

    JfrProfile(Map<String, Long> jvms, Path directory, Consumer<String> out) {
        this.jvms = jvms;
        this.directory = directory;
        this.out = out;
    }

    void start() {
        jvms.forEach((name, pid) -> jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile"));
    }

    void stop() {
        jvms.forEach((name, pid) -> jcmd(pid, "JFR.stop", "name=" + NAME,
                "filename=" + directory.resolve(name + ".jfr")));
    }

    void summarize(long sagas) {
        out.accept("JFR recordings in " + directory + " (jfr print --events jdk.ExecutionSample <file>)");
        for (String name : jvms.keySet()) {
            Path file = directory.resolve(name + ".jfr");
            try {
                summarize(name, RecordingFile.readAllEvents(file), sagas);
            } catch (IOException e) {
                out.accept(name + ": no recording (" + e.getMessage() + ")");
            }
        }
    }

    private void summarize(String name, List<RecordedEvent> events, long sagas) {
        Map<String, Integer> topMethods = new HashMap<>();
        Map<String, Integer> topPackages = new HashMap<>();
        Map<String, Integer> ownMethods = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> allocation = new HashMap<>();
        int samples = 0;
        long gcPauseNanos = 0;
        int gcs = 0;
        long allocated = 0;
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    RecordedFrame top = stack.getFrames().get(0);
                    topMethods.merge(method(top), 1, Integer::sum);
                    topPackages.merge(packageOf(top), 1, Integer::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : stack.getFrames()) {
                        String m = method(frame);
                        if (m.startsWith("io.sagaengine.") && seen.add(m)) {
                            ownMethods.merge(m, 1, Integer::sum);
                        }
                    }
                    var thread = e.getThread("sampledThread");
                    threads.merge(thread == null ? "?" : threadGroup(thread.getJavaName()), 1, Integer::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack != null && !stack.getFrames().isEmpty()) {
                        allocation.merge(method(stack.getFrames().get(0)), weight, Long::sum);
                    }
                }
                default -> {
                }
            }
        }
        double per = Math.max(1, sagas);
        out.accept(String.format("== %s: %d execution samples; %d GCs, %.0f ms paused; about %.0f KB allocated per saga",
                name, samples, gcs, gcPauseNanos / 1e6, allocated / per / 1024));
        print("threads (share of samples)", threads, samples);
        print("top methods (self)", topMethods, samples);
        print("top packages (self)", topPackages, samples);
        print("project methods on the stack (inclusive)", ownMethods, samples);
        Map<String, Integer> allocationKb = new HashMap<>();
        allocation.forEach((m, bytes) -> allocationKb.put(m, (int) (bytes / 1024)));
        print("allocation by top frame (KB in window)", allocationKb, -1);
    }

    private void print(String title, Map<String, Integer> counts, int total) {
        out.accept("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> out.accept(total > 0
                        ? String.format("    %5.1f%%  %s", 100.0 * e.getValue() / total, e.getKey())
                        : String.format("    %8d  %s", e.getValue(), e.getKey())));
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String packageOf(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        int keep = Math.min(parts.length - 1, type.startsWith("java.") || type.startsWith("jdk.")
                || type.startsWith("sun.") ? 2 : 3);
        return keep <= 0 ? type : String.join(".", java.util.Arrays.copyOf(parts, keep));
    }

    /** A thread's name without its number, so pools count as one. */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("[-#]?\\d+", "-N");
    }

    private void jcmd(long pid, String... command) {
        List<String> args = new java.util.ArrayList<>();
        args.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        args.add(Long.toString(pid));
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                out.accept("jcmd " + pid + " " + String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            out.accept("jcmd failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Long> jvmsOf(Map<String, Long> processes) {
        Map<String, Long> jvms = new LinkedHashMap<>(processes);
        jvms.remove("postgres");
        return jvms;
    }
}
