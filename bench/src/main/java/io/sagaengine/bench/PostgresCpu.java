package io.sagaengine.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's CPU by role, from the process titles of the postmaster's children: the WAL senders that decode the
 * WAL for the relays, the backends of each database, the WAL writer, the checkpointer and the rest; backends that
 * ended count in the postmaster's reaped time ("ended backends").
 */
final class PostgresCpu {

    private final ProcessCpu cpu;

    PostgresCpu(ProcessCpu cpu) {
        this.cpu = cpu;
    }

    /** Ticks per role of the server whose postmaster is {@code root}; empty when it is gone. */
    Map<String, Long> snapshot(long root) {
        Map<Long, ProcessCpu.Times> all = cpu.snapshot();
        ProcessCpu.Times postmaster = all.get(root);
        if (postmaster == null) {
            return Map.of();
        }
        Map<Long, List<ProcessCpu.Times>> children = new HashMap<>();
        all.values().forEach(t -> children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t));
        Map<String, Long> roles = new HashMap<>();
        roles.put("postmaster", postmaster.own());
        roles.put("ended backends", postmaster.childrenUser() + postmaster.childrenSystem());
        Deque<ProcessCpu.Times> todo = new ArrayDeque<>(children.getOrDefault(root, List.of()));
        while (!todo.isEmpty()) {
            ProcessCpu.Times t = todo.poll();
            roles.merge(role(cpu.commandLine(t.pid())), t.withReapedChildren(), Long::sum);
            todo.addAll(children.getOrDefault(t.pid(), List.of()));
        }
        return roles;
    }

    /** {@code postgres: walsender postgres 127.0.0.1(5432) START_REPLICATION} is "walsender". */
    static String role(String title) {
        String rest = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
        String[] words = rest.split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "other";
        }
        return switch (words[0]) {
            case "walsender", "walwriter", "checkpointer", "archiver" -> words[0];
            case "background", "autovacuum", "logical", "io", "startup" ->
                    words.length > 1 ? words[0] + " " + words[1] : words[0];
            default -> words.length > 1 ? "backend " + words[1] : "other";
        };
    }
}
