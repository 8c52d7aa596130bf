package io.sagaengine.engine;

import java.util.List;

/** A migration's mapping that is wrong on its own, whatever saga it is applied to; {@link #problems()} says why. */
public final class InvalidMigrationException extends IllegalArgumentException {

    private final List<String> problems;

    InvalidMigrationException(List<String> problems) {
        super("invalid migration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
