package io.sagaengine.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scenario's fault script works with: the stack, the running workload, a seeded random source for
 * fault moments and durations, and the record of faults injected and healed.
 */
final class ScenarioContext {

    private final String name;
    private final Fixtures fixtures;
    private final ChaosStack stack;
    private final Api api;
    private final ChaosOptions options;
    private final Progress progress;
    private final Random random;
    private final Workload workload;
    private final OrderPlanner planner;
    private final RequestLog requests;
    private final TopicLog topics;
    private final AtomicInteger faults = new AtomicInteger();
    private final Map<String, Instant> marks = new ConcurrentHashMap<>();
    private volatile Instant lastHeal;

    ScenarioContext(String name, Fixtures fixtures, ChaosStack stack, Api api, ChaosOptions options, Progress progress, Random random,
                    Workload workload, OrderPlanner planner, RequestLog requests, TopicLog topics) {
        this.name = name;
        this.fixtures = fixtures;
        this.stack = stack;
        this.api = api;
        this.options = options;
        this.progress = progress;
        this.random = random;
        this.workload = workload;
        this.planner = planner;
        this.requests = requests;
        this.topics = topics;
    }

    Fixtures fixtures() {
        return fixtures;
    }

    ChaosStack stack() {
        return stack;
    }

    Api api() {
        return api;
    }

    ChaosOptions options() {
        return options;
    }

    Workload workload() {
        return workload;
    }

    OrderPlanner planner() {
        return planner;
    }

    RequestLog requests() {
        return requests;
    }

    TopicLog topics() {
        return topics;
    }

    Random random() {
        return random;
    }

    void progress(String format, Object... args) {
        progress.line(name + ": " + format, args);
    }

    /** Records one fault (or {@code count} of them, e.g. copies or poison records) as injected now. */
    void injected(int count, String what, Object... args) {
        faults.addAndGet(count);
        progress("fault injected: " + what, args);
    }

    void injected(String what, Object... args) {
        injected(1, what, args);
    }

    void healed(String what, Object... args) {
        lastHeal = Instant.now();
        progress("healed: " + what, args);
    }

    int faults() {
        return faults.get();
    }

    Instant lastHeal() {
        return lastHeal;
    }

    void mark(String label) {
        marks.put(label, Instant.now());
    }

    Instant marked(String label) {
        return marks.get(label);
    }

    /** A seeded random pause of {@code min} to {@code max} seconds before the next fault (a deliberate wait). */
    void waitRandomly(double minSeconds, double maxSeconds) {
        hold(Duration.ofMillis(Math.round(1000 * (minSeconds + random.nextDouble() * (maxSeconds - minSeconds)))));
    }

    /** Keeps a fault in place for {@code duration} (a deliberate wait). */
    void hold(Duration duration) {
        Poll.pause(duration);
    }

    /** Waits until the planned load time is over (the load itself goes on until told to stop). */
    void holdUntilPlannedEnd() {
        Duration left = Duration.between(Instant.now(), workload.plannedEnd());
        if (!left.isNegative()) {
            hold(left);
        }
    }
}
