package io.sagaengine.engine;

/** What became of one reply. */
enum ReplyOutcome {
    /** The same message id was handled before: nothing done. */
    DUPLICATE,
    /** No saga has its id: recorded. */
    UNMATCHED,
    /** It moved its saga. */
    APPLIED,
    /** Late, duplicate or unexpected: recorded, nothing changed. */
    IGNORED,
    /** Handling it kept failing: recorded, its saga parked as NEEDS_ATTENTION. */
    PARKED,
    /**
     * Recorded and kept: its saga is paused (applied when it is unpaused), or its saga's type is not defined by this
     * build (applied by an instance that defines it).
     */
    HELD
}
