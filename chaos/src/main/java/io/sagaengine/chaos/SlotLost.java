package io.sagaengine.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's replication slot is dropped under load (its walsender terminated first, retried until the
 * drop wins against the relay's reconnects). New orders must then be refused with {@code 503} and
 * {@code Retry-After} within a few seconds, instead of being accepted into an outbox nothing relays. Then the
 * operator accepts the loss as the README says ({@code DELETE FROM outbox_relay_offsets}, after dropping the slot
 * if it exists again); the relay must stream from a new slot, and every accepted order must complete: sagas
 * whose commands were written while there was no slot are re-sent by their deadlines. Those lost rows are the
 * accepted loss: the checks do not count them as undelivered.
 */
final class SlotLost implements Scenario {

    static final String DATABASE = "orders";
    static final String SLOT = "outbox_" + DATABASE;
    static final Duration DROP_WITHIN = Duration.ofSeconds(15);
    /**
     * A streaming relay looks at its slot every 2 s; the listener watchdog turns the loss into readiness within a
     * second more. The rest is margin for a loaded machine.
     */
    static final Duration REFUSED_WITHIN = Duration.ofSeconds(10);
    static final Duration STREAMING_WITHIN = Duration.ofSeconds(60);
    /** Rows committed this long before the drop may not have been relayed yet when the slot went. */
    static final Duration RELAY_LAG = Duration.ofSeconds(2);
    private static final String SOURCE = "slot-probe";

    private Instant lostFrom;
    private Instant dropped;
    private Duration refusedAfter;
    private final List<String> probeAnswers = new ArrayList<>();
    private final List<PlacedOrder> refusedProbes = new ArrayList<>();
    private Instant streamingAgain;
    private Set<String> accepted = Set.of();

    @Override
    public String name() {
        return "slot-lost";
    }

    @Override
    public void prepare(ScenarioContext context) {
        lostFrom = null;
        dropped = null;
        refusedAfter = null;
        probeAnswers.clear();
        refusedProbes.clear();
        streamingAgain = null;
        accepted = Set.of();
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        context.waitRandomly(5, 8);
        lostFrom = Instant.now();
        int attempts = dropSlot(context);
        dropped = Instant.now();
        context.injected("replication slot %s dropped (%d attempts: its walsender terminated, then the drop)", SLOT,
                attempts);
        probe(context);
        context.progress("operator: accepting the loss (DELETE FROM outbox_relay_offsets in %s)", DATABASE);
        acceptLoss(context);
        awaitStreaming(context);
        resendRefused(context);
    }

    /** Terminates the walsender holding the slot and drops it, until the drop comes before the relay's reconnect. */
    private static int dropSlot(ScenarioContext context) throws SQLException {
        long deadline = System.nanoTime() + DROP_WITHIN.toNanos();
        int attempts = 0;
        try (Connection c = context.stack().connect(DATABASE); Statement s = c.createStatement()) {
            while (true) {
                attempts++;
                s.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + SLOT
                        + "' AND active_pid IS NOT NULL");
                try {
                    s.execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
                    return attempts;
                } catch (SQLException active) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not drop " + SLOT + " within " + DROP_WITHIN + " ("
                                + attempts + " attempts): " + active.getMessage(), active);
                    }
                    Poll.pause(Duration.ofMillis(20));
                }
            }
        }
    }

    /** New orders until one is refused with 503 and Retry-After; orders accepted meanwhile are tracked like any. */
    private void probe(ScenarioContext context) throws Exception {
        long deadline = System.nanoTime() + REFUSED_WITHIN.toNanos();
        int probes = 0;
        while (System.nanoTime() < deadline) {
            OrderPlan plan = context.planner().completing(context.fixtures().prefix() + "-slot" + ++probes, 0);
            PlacedOrder placed = new PlacedOrder(plan);
            context.workload().track(placed);
            Api.Answer answer = send(context, placed, 1);
            probeAnswers.add(answer.outcome() + (answer.retryAfter() == null ? "" : " Retry-After " + answer.retryAfter()));
            if (!answer.definitive()) {
                refusedProbes.add(placed);
            }
            if (answer.status() == 503 && answer.retryAfter() != null) {
                refusedAfter = Duration.between(dropped, Instant.now());
                context.progress("POST /orders answered 503 with Retry-After %s, %.1f s after the drop",
                        answer.retryAfter(), refusedAfter.toMillis() / 1000.0);
                return;
            }
            Poll.pause(Duration.ofMillis(500));
        }
        context.progress("no 503 with Retry-After within %d s of the drop; answers: %s", REFUSED_WITHIN.toSeconds(),
                probeAnswers);
    }

    private static Api.Answer send(ScenarioContext context, PlacedOrder placed, int attempt) throws Exception {
        Instant sentAt = Instant.now();
        long start = System.nanoTime();
        Api.Answer answer = context.api().placeOrder(ChaosStack.ORCHESTRATOR, placed.plan().key(), placed.plan().body())
                .get(Api.POST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        context.requests().record(placed.plan().key(), attempt, SOURCE, sentAt, (System.nanoTime() - start) / 1_000_000,
                answer);
        placed.answered(answer);
        return answer;
    }

    /** What the README tells an operator to run once they accept that rows committed without a slot are lost. */
    private static void acceptLoss(ScenarioContext context) throws SQLException {
        try (Connection c = context.stack().connect(DATABASE); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + SLOT
                    + "' AND active_pid IS NOT NULL");
            s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                    + SLOT + "'");
            s.executeUpdate("DELETE FROM outbox_relay_offsets");
        }
    }

    private void awaitStreaming(ScenarioContext context) {
        boolean streaming = Poll.until(STREAMING_WITHIN, Duration.ofMillis(250), () -> slotActive(context)
                && context.api().operatorRead(ChaosStack.ORCHESTRATOR, "/actuator/health/outboxRelay").status() == 200);
        if (streaming) {
            streamingAgain = Instant.now();
            context.healed("the relay streams from a new slot %s, %.1f s after the drop", SLOT,
                    Duration.between(dropped, streamingAgain).toMillis() / 1000.0);
        } else {
            context.progress("the relay did not stream from a new slot within %d s", STREAMING_WITHIN.toSeconds());
        }
    }

    private static boolean slotActive(ScenarioContext context) {
        try (Connection c = context.stack().connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The probes refused while the slot was lost are sent again with their keys, as a client would. */
    private void resendRefused(ScenarioContext context) throws Exception {
        for (PlacedOrder placed : refusedProbes) {
            for (int attempt = 2; attempt <= 20 && placed.definitive() == null; attempt++) {
                if (!send(context, placed, attempt).definitive()) {
                    Poll.pause(Duration.ofSeconds(1));
                }
            }
        }
    }

    @Override
    public Set<String> acceptedLosses(ScenarioContext context) throws SQLException {
        if (lostFrom == null) {
            return Set.of();
        }
        Instant until = (streamingAgain != null ? streamingAgain : Instant.now()).plusSeconds(1);
        Set<String> ids = new HashSet<>();
        try (Connection c = context.stack().connect(DATABASE); PreparedStatement s = c.prepareStatement(
                "SELECT id::text FROM outbox WHERE created_at BETWEEN ? AND ?")) {
            s.setObject(1, lostFrom.minus(RELAY_LAG).atOffset(ZoneOffset.UTC));
            s.setObject(2, until.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        accepted = Set.copyOf(ids);
        return accepted;
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        if (dropped == null) {
            return; // the fault script failed and said why
        }
        List<Delivery> delivered = evidence.deliveries().stream().filter(d -> !d.deadLetter()).toList();
        long lost = MessageChecks.undelivered(evidence.outbox(), delivered).stream()
                .filter(row -> accepted.contains(row.id())).count();
        context.progress("%d outbox rows of %s were written from %d s before the drop until the new slot streamed;"
                + " %d of them never reached Kafka (the accepted loss)", accepted.size(), DATABASE,
                RELAY_LAG.toSeconds(), lost);
        if (refusedAfter == null) {
            findings.violation("SLOT", "with slot " + SLOT + " lost, no POST /orders was refused with 503 and "
                    + "Retry-After within " + REFUSED_WITHIN.toSeconds() + " s; answers: " + probeAnswers);
        }
        if (streamingAgain == null) {
            findings.violation("SLOT", "after the operator accepted the loss, the relay did not stream from a new slot"
                    + " within " + STREAMING_WITHIN.toSeconds() + " s");
        }
    }
}
