package io.sagaengine.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Replies kept for sagas of a type the instance that read them does not define, until an instance that defines it
 * applies them, and replies kept for paused sagas, until the unpause applies them. Every call joins the caller's
 * transaction.
 */
interface HeldReplies {

    void hold(ReplyEnvelope reply, String sagaType, Instant at);

    /**
     * Sagas of the definition versions this build defines that have held replies, oldest saga first, their rows
     * locked for the rest of the transaction; sagas another transaction holds are skipped, so instances share the
     * work and one saga's replies are applied by one instance at a time, in order.
     *
     * <p>Paused sagas are not taken: their replies wait for the unpause, which applies them.
     *
     * @param skipped sagas not to take (whose held reply the caller cannot read)
     */
    List<UUID> lockSagasWithHeldReplies(Set<SagaVersion> versions, Collection<UUID> skipped, int limit);

    /** The held replies of one saga, oldest first. */
    List<HeldReply> of(UUID sagaId);

    /**
     * Held replies of {@code types} whose saga no longer exists (purged or deleted since), oldest first, locked;
     * rows another transaction holds are skipped.
     */
    List<HeldReply> lockOrphans(Collection<String> types, int limit);

    void delete(UUID messageId);
}
