package io.sagaengine.chaos;

import java.util.ArrayList;
import java.util.List;

/** What the checks of one scenario found: invariant violations and orders that ended otherwise than planned. */
final class Findings {

    private final List<String> violations = new ArrayList<>();
    private final List<String> spurious = new ArrayList<>();

    synchronized void violation(String invariant, String message) {
        violations.add(invariant + " " + message);
    }

    synchronized void spurious(String message) {
        spurious.add(message);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized List<String> spurious() {
        return List.copyOf(spurious);
    }
}
