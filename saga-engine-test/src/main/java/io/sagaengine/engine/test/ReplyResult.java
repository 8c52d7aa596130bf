package io.sagaengine.engine.test;

/** What became of a reply given to a saga. */
public enum ReplyResult {
    /** It moved its saga. */
    APPLIED,
    /** Late, duplicate or unexpected: recorded in the timeline, nothing changed. */
    IGNORED,
    /** The same message id was handled before: nothing done. */
    DUPLICATE,
    /** No saga has its id: recorded under that id. */
    UNMATCHED,
    /** Handling it kept failing: recorded, its saga parked as NEEDS_ATTENTION. */
    PARKED,
    /**
     * Recorded and kept: its saga is paused (applied when it is unpaused), or its saga's type is not defined by this
     * build (applied by an instance that defines it).
     */
    HELD
}
