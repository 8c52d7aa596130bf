package io.sagaengine.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * CPU time of processes from {@code /proc}: {@code utime + stime} of {@code /proc/<pid>/stat}, in clock ticks.
 * A process tree counts its root (with {@code cutime + cstime}: the CPU of children it already reaped, such as
 * PostgreSQL backends that ended) and every living descendant, found by the parent pid of each process.
 */
final class ProcessCpu {

    private final Path proc;

    ProcessCpu(Path proc) {
        this.proc = proc;
    }

    static ProcessCpu system() {
        return new ProcessCpu(Path.of("/proc"));
    }

    /** The four time fields of one process, in ticks, or empty if it is gone. */
    record Times(long pid, long parent, long user, long system, long childrenUser, long childrenSystem) {
        long own() {
            return user + system;
        }

        long withReapedChildren() {
            return own() + childrenUser + childrenSystem;
        }
    }

    /** Parses one {@code /proc/<pid>/stat} line; the command name may hold spaces and parentheses. */
    static Times parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        long pid = Long.parseLong(stat.substring(0, open).trim());
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return new Times(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    OptionalLong treeTicks(long root) {
        Map<Long, Times> all = snapshot();
        return treeTicks(root, all);
    }

    /** CPU ticks of the tree at {@code root} within one snapshot of all processes. */
    static OptionalLong treeTicks(long root, Map<Long, Times> all) {
        Times rootTimes = all.get(root);
        if (rootTimes == null) {
            return OptionalLong.empty();
        }
        Map<Long, List<Times>> children = new HashMap<>();
        for (Times t : all.values()) {
            children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t);
        }
        long ticks = 0;
        Deque<Times> todo = new ArrayDeque<>();
        todo.add(rootTimes);
        while (!todo.isEmpty()) {
            Times t = todo.poll();
            ticks += t.withReapedChildren();
            todo.addAll(children.getOrDefault(t.pid(), List.of()));
        }
        return OptionalLong.of(ticks);
    }

    /** Every process's times, read once. */
    Map<Long, Times> snapshot() {
        Map<Long, Times> all = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                try {
                    Times t = parse(Files.readString(entry.resolve("stat")));
                    all.put(t.pid(), t);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while the folder was read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + proc, e);
        }
        return all;
    }

    /** Busy ticks of the whole machine (all CPUs): the first line of {@code /proc/stat} less idle and iowait. */
    long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(proc.resolve("stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + proc.resolve("stat"), e);
        }
    }

    /** The command line of a process, arguments separated by spaces. */
    String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline")))
                    .replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The 1-minute load average. */
    double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(proc.resolve("loadavg")).trim().split("\\s+")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    String loadAverages() {
        try {
            String[] f = Files.readString(proc.resolve("loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every common Linux. */
    static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
