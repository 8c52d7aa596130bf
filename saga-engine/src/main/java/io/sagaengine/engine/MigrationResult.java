package io.sagaengine.engine;

import java.util.List;
import java.util.UUID;

/**
 * What became of one saga in a migration, or would in a dry run.
 *
 * @param version   the saga's version after the migration (MIGRATED) or as it is; -1 when NOT_FOUND
 * @param fromState the state of the old version the saga is in (for a saga NEEDS_ATTENTION, the one it was parked
 *                  in); null when NOT_FOUND
 * @param toState   the state of the new version it continues (or would continue) in; null unless MIGRATED or
 *                  WOULD_MIGRATE
 * @param commands  the message types it sends (or would send) as it enters {@code toState}: none when it keeps
 *                  waiting for the same step's command in flight
 * @param detail    why it is not (or would not be) migrated; null when it is
 */
public record MigrationResult(UUID sagaId, Outcome outcome, long version, String fromState, String toState,
                              List<String> commands, String detail) {

    /** The event of a migration's timeline entry. */
    public static final String EVENT = "MIGRATE";

    public enum Outcome {
        /** Migrated: it now runs on the new version. */
        MIGRATED,
        /** A dry run: it would be migrated; nothing was written. */
        WOULD_MIGRATE,
        /** The mapping does not fit the saga (its state is not mapped, or a compensation would be lost): see detail. */
        REJECTED,
        /** The saga changed since the caller read it. */
        STALE_VERSION,
        /** The saga is of another type, or not on the version the migration moves from. */
        OTHER_VERSION,
        /** Completed or compensated: nothing is left to continue. */
        FINISHED,
        NOT_FOUND
    }

    public MigrationResult {
        commands = List.copyOf(commands);
    }
}
