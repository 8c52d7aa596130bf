package io.sagaengine.orchestrator.admission;

import com.sun.management.GarbageCollectorMXBean;
import com.sun.management.GcInfo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The share of the largest heap still used right after the last garbage collection: what the application really
 * holds, unlike the heap used now, which grows with garbage until the next collection.
 */
final class JvmHeap {

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory
            .getPlatformMXBeans(GarbageCollectorMXBean.class);
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());

    /** 0 before the first collection or where the heap has no maximum. */
    double usedAfterLastGc() {
        long max = Runtime.getRuntime().maxMemory();
        GcInfo last = null;
        for (GarbageCollectorMXBean collector : collectors) {
            GcInfo info = collector.getLastGcInfo();
            if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
                last = info;
            }
        }
        if (last == null || max <= 0 || max == Long.MAX_VALUE) {
            return 0;
        }
        long used = 0;
        for (var pool : last.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                used += usage.getUsed();
            }
        }
        return (double) used / max;
    }
}
