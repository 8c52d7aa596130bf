package io.sagaengine.engine;

import java.util.List;

/**
 * Moves chosen sagas from one version of their definition to another, for support staff. Without a migration a
 * saga finishes on the version it started on. The mapping is checked on its own first (both versions defined by
 * this build, every state it names exists, forward to forward, compensating to the same step's compensating), then
 * against each saga: the state it is in must be mapped, and no step it has done may lose its compensation, run
 * again, or leave a step of the new version before it that has a compensation but never ran.
 */
public interface SagaMigrations {

    /**
     * What {@link #migrate} would do to each saga, in the order given, writing nothing.
     *
     * @throws InvalidMigrationException if the mapping is wrong on its own; no saga is read then
     */
    List<MigrationResult> dryRun(SagaMigration migration, List<MigrationTarget> sagas);

    /**
     * Migrates each saga that the mapping fits, each in a transaction of its own, checked against the version the
     * caller saw, and recorded in its timeline (an {@link TimelineEntry.Kind#OPERATOR_ACTION} with event
     * {@value MigrationResult#EVENT}, the actor and the reason). A saga that cannot be migrated is left as it was, with
     * why in its result; the others go on.
     *
     * @throws InvalidMigrationException if the mapping is wrong on its own; no saga is touched then
     */
    List<MigrationResult> migrate(SagaMigration migration, List<MigrationTarget> sagas, String actor, String reason);
}
