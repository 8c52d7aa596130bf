package io.sagaengine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The orchestrator's used heap, read every {@code period} from its {@code /actuator/prometheus} (the operator's
 * sign-in; the sum of {@code jvm_memory_used_bytes} over the heap's pools) on a thread of its own. A scrape the
 * overloaded service does not answer in time is skipped and counted.
 */
final class HeapSampler implements AutoCloseable {

    /** One reading: when (System.nanoTime) and how many bytes of heap were in use. */
    record Sample(long nanos, long usedBytes) {
    }

    private final SystemHttp http;
    private final Duration period;
    private final Consumer<String> progress;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private int failed;
    private String lastFailure;

    HeapSampler(SystemHttp http, Duration period, Consumer<String> progress) {
        this.http = http;
        this.period = period;
        this.progress = progress;
        this.thread = new Thread(this::sample, "bench-heap");
        this.thread.setDaemon(true);
    }

    HeapSampler start() {
        thread.start();
        return this;
    }

    private void sample() {
        while (!stopped) {
            long started = System.nanoTime();
            try {
                String text = http.operatorText(http.urls().orders(), "/actuator/prometheus", period.multipliedBy(2))
                        .get(period.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
                long used = heapUsed(text);
                synchronized (this) {
                    samples.add(new Sample(started, used));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (this) {
                    failed++;
                    lastFailure = e.toString();
                }
            }
            long left = period.toNanos() - (System.nanoTime() - started);
            if (left > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The sum of {@code jvm_memory_used_bytes{area="heap",...}} in a Prometheus scrape; -1 if it has none. */
    static long heapUsed(String prometheus) {
        long sum = 0;
        boolean found = false;
        for (String line : prometheus.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                found = true;
            }
        }
        return found ? sum : -1;
    }

    /** The highest used heap read from {@code fromNanos} to {@code toNanos}, in MB; empty if none was read. */
    synchronized OptionalDouble maxUsedMb(long fromNanos, long toNanos) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos && s.nanos() < toNanos && s.usedBytes() >= 0)
                .mapToLong(Sample::usedBytes).max().stream().mapToDouble(b -> b / 1024.0 / 1024.0).findFirst();
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        synchronized (this) {
            if (failed > 0) {
                progress.accept("heap: " + failed + " scrapes of /actuator/prometheus failed or were late (last: "
                        + lastFailure + ")");
            }
        }
    }
}
