package io.sagaengine.outbox.relay;

/**
 * What the relay found about its replication slot before streaming.
 *
 * @param outcome whether the relay may stream
 * @param problem for {@link Outcome#LOST}: what is wrong, what may have been lost and how to recover
 */
record SlotCheck(Outcome outcome, String problem) {

    enum Outcome {
        /** The slot exists and is usable. */
        READY,
        /** There was no slot and the relay never streamed: a new slot was created. */
        CREATED,
        /**
         * The slot is missing although the relay streamed from it before, or it was invalidated: changes may
         * have been lost, and the relay must not quietly start from the current WAL position.
         */
        LOST
    }

    static SlotCheck ready() {
        return new SlotCheck(Outcome.READY, null);
    }

    static SlotCheck created() {
        return new SlotCheck(Outcome.CREATED, null);
    }

    static SlotCheck lost(String problem) {
        return new SlotCheck(Outcome.LOST, problem);
    }

    boolean usable() {
        return outcome != Outcome.LOST;
    }
}
