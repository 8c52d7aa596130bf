package io.sagaengine.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** CPU ticks of each process tree of the stack, of this harness and of the whole machine, at one instant. */
record CpuSample(long nanos, Map<String, Long> ticks, long harnessTicks, long machineBusyTicks) {

    static CpuSample take(ProcessCpu cpu, Map<String, Long> roots) {
        var all = cpu.snapshot();
        Map<String, Long> ticks = new LinkedHashMap<>();
        roots.forEach((name, pid) -> {
            OptionalLong t = ProcessCpu.treeTicks(pid, all);
            if (t.isPresent()) {
                ticks.put(name, t.getAsLong());
            }
        });
        // its own threads only: the stack's processes are its children when it started them
        ProcessCpu.Times self = all.get(ProcessHandle.current().pid());
        long harness = self == null ? 0 : self.own();
        return new CpuSample(System.nanoTime(), ticks, harness, cpu.machineBusyTicks());
    }

    /** Seconds of CPU per process between {@code start} and this sample; a process missing in either is left out. */
    Map<String, Double> secondsSince(CpuSample start, long ticksPerSecond) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.forEach((name, end) -> {
            Long begin = start.ticks().get(name);
            if (begin != null) {
                seconds.put(name, (end - begin) / (double) ticksPerSecond);
            }
        });
        return seconds;
    }
}
