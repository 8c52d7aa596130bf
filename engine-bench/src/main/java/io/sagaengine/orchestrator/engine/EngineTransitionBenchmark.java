package io.sagaengine.orchestrator.engine;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Time per whole order saga through the engine's decision and persistence path, without I/O. Divide by the
 * transitions of each kind ({@link EngineDriver}) for the time per transition.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineTransitionBenchmark {

    private EngineDriver driver;

    @Setup
    public void setUp() {
        driver = new EngineDriver();
    }

    /** {@value EngineDriver#COMPLETED_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus completed() {
        return driver.completedSaga();
    }

    /** {@value EngineDriver#COMPENSATED_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus compensated() {
        return driver.compensatedSaga();
    }

    /** {@value EngineDriver#DEADLINE_TRANSITIONS} transitions. */
    @Benchmark
    public SagaStatus deadlinePassed() {
        return driver.sagaWithPassedDeadline();
    }
}
