package io.sagaengine.enginebench;

import io.sagaengine.engine.SagaStatus;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Time per whole order saga through the engine's decision and persistence path, without I/O. Divide by the
 * transitions of each kind ({@link EngineDriver}) for the time per transition. Besides JMH's wall-clock score,
 * the benchmark thread's own CPU time is counted ({@code cpuNanos} over {@code sagas}), which stays meaningful
 * when other work shares the machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineTransitionBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EngineDriver driver;

    /** The benchmark thread's CPU time and the sagas it ran, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long sagas;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            sagas = 0;
        }

        SagaStatus measure(Supplier<SagaStatus> saga) {
            long start = THREADS.getCurrentThreadCpuTime();
            SagaStatus status = saga.get();
            cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
            sagas++;
            return status;
        }
    }

    @Setup
    public void setUp() {
        driver = new EngineDriver();
    }

    /** {@value EngineDriver#COMPLETED_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus completed(CpuTime cpu) {
        return cpu.measure(driver::completedSaga);
    }

    /** {@value EngineDriver#COMPENSATED_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus compensated(CpuTime cpu) {
        return cpu.measure(driver::compensatedSaga);
    }

    /** {@value EngineDriver#DEADLINE_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus deadlinePassed(CpuTime cpu) {
        return cpu.measure(driver::sagaWithPassedDeadline);
    }
}
