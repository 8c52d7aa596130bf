package io.sagaengine.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU ticks of a process's threads from {@code /proc/<pid>/task/<tid>/stat}, grouped by thread name with its numbers
 * taken out ({@code C2 CompilerThread1} and {@code C2 CompilerThread0} are one group, {@code http-nio-8080-exec-7}
 * is {@code http-nio-#-exec-#}). It tells the JIT compiler, the collector, the relay, the consumers and the request
 * threads apart, which execution samples cannot: JFR samples Java code only. Threads that end between two samples
 * drop out of the difference, so the groups are a split, not a total.
 */
final class ThreadCpu {

    /** The group of HotSpot's JIT compiler threads ({@code C1 CompilerThread0}, {@code C2 CompilerThread1}). */
    static final String COMPILER = "C# CompilerThre";

    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final Path proc;

    ThreadCpu(Path proc) {
        this.proc = proc;
    }

    static ThreadCpu system() {
        return new ThreadCpu(Path.of("/proc"));
    }

    /** Ticks per thread group of one process, read once; empty when it is gone. */
    Map<String, Long> snapshot(long pid) {
        Map<String, Long> groups = new HashMap<>();
        Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
            for (Path task : entries) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    ProcessCpu.Times times = ProcessCpu.parse(stat);
                    groups.merge(group(stat), times.own(), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while the folder was read
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return groups;
    }

    /** The thread's name from its stat line, numbers replaced by {@code #}. */
    static String group(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return NUMBERS.matcher(name).replaceAll("#").strip();
    }

    /** The largest groups between two snapshots, in seconds, largest first, the rest summed as "other". */
    static Map<String, Double> top(Map<String, Long> before, Map<String, Long> after, long ticksPerSecond, int limit) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((group, ticks) -> {
            long used = ticks - before.getOrDefault(group, 0L);
            if (used > 0) {
                delta.put(group, used);
            }
        });
        List<Map.Entry<String, Long>> sorted = delta.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        Map<String, Double> top = new LinkedHashMap<>();
        long rest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < limit) {
                top.put(sorted.get(i).getKey(), sorted.get(i).getValue() / (double) ticksPerSecond);
            } else {
                rest += sorted.get(i).getValue();
            }
        }
        if (rest > 0) {
            top.put("other", rest / (double) ticksPerSecond);
        }
        return top;
    }
}
