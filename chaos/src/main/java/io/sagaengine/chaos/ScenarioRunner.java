package io.sagaengine.chaos;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one scenario on the shared stack: its own customers and SKUs, the workload, the faults, then waits
 * until nothing is in flight and checks every invariant on the scenario's own orders. It leaves every process
 * of the stack running for the next scenario.
 */
final class ScenarioRunner {

    /** The load goes on this long after the last fault healed. */
    static final Duration TAIL = Duration.ofSeconds(5);

    private final ChaosStack stack;
    private final Api api;
    private final TopicLog topics;
    private final ChaosOptions options;
    private final Progress progress;
    private final String runId;
    private final Databases databases;

    ScenarioRunner(ChaosStack stack, Api api, TopicLog topics, ChaosOptions options, Progress progress, String runId) {
        this.stack = stack;
        this.api = api;
        this.topics = topics;
        this.options = options;
        this.progress = progress;
        this.runId = runId;
        this.databases = new Databases(stack);
    }

    ScenarioResult run(Scenario scenario) throws Exception {
        String name = scenario.name();
        Fixtures fixtures = Fixtures.of(runId, name);
        fixtures.apply(api);
        Findings findings = new Findings();
        Random faultRandom = new Random(options.seed() ^ ((long) name.hashCode() * 0x9E3779B97F4A7C15L));
        OrderPlanner planner = new OrderPlanner(fixtures, new Random(options.seed() * 31 + name.hashCode()));
        int sagas = 0;
        long duplicates = 0;
        double recovery = 0;
        int stuck = 0;
        long refused = 0;
        ScenarioContext context = null;
        try (RequestLog requests = new RequestLog(options.outputDirectory().resolve(runId + "-" + name + "-requests.log"));
             Workload workload = new Workload(api, planner, requests, options.rate(), options.plannedLoad())) {
            context = new ScenarioContext(name, fixtures, stack, api, options, progress, faultRandom, workload, planner,
                    requests, topics);
            progress.line("scenario %s started: seed %d, at least %d orders at %.1f/s; requests logged to %s", name,
                    options.seed(), options.sagas(), options.rate(), requests.file());
            scenario.prepare(context);
            workload.start();
            try {
                scenario.inject(context);
            } catch (Exception | AssertionError e) {
                findings.violation("HARNESS", "the fault script failed: " + e);
                progress.line("%s: the fault script failed: %s", name, e);
            }
            workload.stopAfter(TAIL);
            if (!workload.awaitSendingDone(options.plannedLoad().plus(Duration.ofMinutes(2)))) {
                findings.violation("HARNESS", "the workload did not stop sending");
            }
            progress.line("%s: load over after %.0f s, %d orders planned", name,
                    Duration.between(workload.startedAt(), Instant.now()).toMillis() / 1000.0, workload.orders().size());
            Settled settled = settle(name, workload, fixtures);
            refused = workload.refusals();
            stuck = (int) Math.max(0, settled.inFlight());
            Instant from = context.lastHeal() != null ? context.lastHeal() : workload.plannedEnd();
            recovery = Math.max(0, Duration.between(from, settled.at()).toMillis() / 1000.0);
            try {
                Set<String> lost = scenario.acceptedLosses(context);
                Evidence evidence = new EvidenceCollector(databases, api, topics).collect(workload, fixtures, lost);
                sagas = evidence.orders().size();
                stuck = OrderChecks.stuck(evidence);
                OrderChecks.check(evidence, findings);
                EffectChecks.check(evidence, fixtures, findings);
                MessageChecks.check(evidence, lost, findings);
                scenario.check(context, evidence, findings);
                MessageChecks.Duplicates found = MessageChecks.duplicates(evidence.deliveries());
                duplicates = found.total();
                progress.line("%s: %d sagas, %d duplicates delivered (%d by relays, %d re-published)", name, sagas,
                        duplicates, found.relayed(), found.injected());
            } catch (Exception e) {
                findings.violation("HARNESS", "the checks could not run: " + e);
            }
        } finally {
            leaveHealthy(scenario, context, findings);
        }
        return new ScenarioResult(name, options.seed(), sagas, context == null ? 0 : context.faults(), duplicates,
                findings.violations(), findings.spurious(), stuck, recovery, refused);
    }

    /** @param inFlight accepted orders still in flight when the wait ended; -1 if the database did not answer */
    private record Settled(Instant at, long inFlight) {
    }

    /** Waits until every request has a definitive answer and every accepted order left PENDING (or needs attention). */
    private Settled settle(String name, Workload workload, Fixtures fixtures) {
        workload.retryUntil(Instant.now().plus(options.patience()));
        AtomicLong lastReport = new AtomicLong(System.nanoTime());
        AtomicLong lastInFlight = new AtomicLong(-1);
        boolean settled = Poll.until(options.patience(), Duration.ofMillis(500), () -> {
            long unanswered = workload.unsettled();
            long inFlight;
            try {
                inFlight = databases.orders(fixtures.prefix()).stream().filter(Databases.OrderRow::inFlight).count();
            } catch (SQLException e) {
                inFlight = -1;
            }
            lastInFlight.set(inFlight);
            if (unanswered == 0 && inFlight == 0) {
                return true;
            }
            if (System.nanoTime() - lastReport.get() > 5_000_000_000L) {
                lastReport.set(System.nanoTime());
                progress.line("%s: waiting for %s orders in flight and %d requests without a definitive answer", name,
                        inFlight < 0 ? "(database unreachable)" : Long.toString(inFlight), unanswered);
            }
            return false;
        });
        if (!settled) {
            progress.line("%s: still in flight after %d s of patience", name, options.patience().toSeconds());
        } else {
            progress.line("%s: nothing in flight", name);
        }
        return new Settled(Instant.now(), lastInFlight.get());
    }

    private void leaveHealthy(Scenario scenario, ScenarioContext context, Findings findings) throws Exception {
        if (context != null) {
            try {
                scenario.restore(context);
            } catch (Exception e) {
                findings.violation("HARNESS", "could not restore the stack: " + e);
            }
        }
        for (String repaired : stack.ensureHealthy()) {
            findings.violation("HEALTH", repaired + " after the scenario");
        }
    }
}
