package io.sagaengine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The processes of a system the bench did not start ({@code --url}): given as {@code --pids orchestrator=1,...},
 * or found by their command lines. A kind found more than once (two systems on one machine) is left out rather
 * than guessed.
 */
final class RunningProcesses {

    private static final Map<String, String> MARKERS = new LinkedHashMap<>();

    static {
        MARKERS.put("orchestrator", "saga-orchestrator");
        MARKERS.put("payment", "payment-participant");
        MARKERS.put("inventory", "inventory-participant");
        MARKERS.put("shipping", "shipping-participant");
        MARKERS.put("kafka", "kafka.Kafka");
    }

    private RunningProcesses() {
    }

    static Map<String, Long> find(ProcessCpu cpu, String given) {
        Map<String, Long> found = new LinkedHashMap<>();
        if (given != null) {
            for (String pair : given.split(",")) {
                String[] kv = pair.trim().split("=");
                found.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            }
            return found;
        }
        Map<Long, ProcessCpu.Times> all = cpu.snapshot();
        Map<String, List<Long>> candidates = new LinkedHashMap<>();
        for (long pid : all.keySet()) {
            String command = cpu.commandLine(pid);
            if (command.contains("java")) {
                MARKERS.forEach((name, marker) -> {
                    if (command.contains(marker) && (!marker.endsWith("participant") && !marker.equals("saga-orchestrator")
                            || command.contains("-exec.jar"))) {
                        candidates.computeIfAbsent(name, k -> new ArrayList<>()).add(pid);
                    }
                });
            }
            ProcessCpu.Times t = all.get(pid);
            ProcessCpu.Times parent = all.get(t.parent());
            if (isPostgres(cpu, pid) && (parent == null || !isPostgres(cpu, t.parent()))) {
                candidates.computeIfAbsent("postgres", k -> new ArrayList<>()).add(pid);
            }
        }
        candidates.forEach((name, pids) -> {
            if (pids.size() == 1) {
                found.put(name, pids.get(0));
            } else {
                System.out.println("[bench] " + pids.size() + " processes look like " + name + " " + pids
                        + "; not sampled (name them with --pids)");
            }
        });
        return found;
    }

    private static boolean isPostgres(ProcessCpu cpu, long pid) {
        String command = cpu.commandLine(pid);
        return command.startsWith("postgres") || command.contains("/bin/postgres ");
    }
}
