package io.sagaengine.chaos;

import java.util.List;
import java.util.Locale;

/**
 * What one scenario found.
 *
 * @param sagas                  orders the system accepted (each started one saga)
 * @param faults                 faults injected (kills, pauses, copies, poison records, ...)
 * @param duplicatesDelivered    records delivered again with a message id already delivered on their topic
 * @param violations             every invariant violation, one line each
 * @param spurious               every order that ended otherwise than planned, or whose saga needs attention
 * @param stuck                  accepted orders that were not terminal (COMPLETED, CANCELLED, or a saga that
 *                               needs attention, which support sees) when the patience ran out
 * @param recoverySeconds        from the last heal until nothing was in flight
 * @param refused                requests {@code POST /orders} answered {@code 503} or {@code 429} (the system
 *                               shedding load or not ready), every attempt counted
 */
public record ScenarioResult(String scenario, long seed, int sagas, int faults, long duplicatesDelivered,
                             List<String> violations, List<String> spurious, int stuck, double recoverySeconds,
                             long refused) {

    public ScenarioResult {
        violations = List.copyOf(violations);
        spurious = List.copyOf(spurious);
    }

    public int invariantViolations() {
        return violations.size();
    }

    public int spuriousCancellations() {
        return spurious.size();
    }

    public boolean passed() {
        return violations.isEmpty() && spurious.isEmpty() && stuck == 0;
    }

    public String resultLine() {
        return String.format(Locale.ROOT,
                "RESULT chaos scenario=%s sagas=%d faults=%d duplicates_delivered=%d spurious_cancellations=%d "
                        + "invariant_violations=%d stuck=%d recovery_s=%.1f refused=%d",
                scenario, sagas, faults, duplicatesDelivered, spuriousCancellations(), invariantViolations(), stuck,
                recoverySeconds, refused);
    }
}
