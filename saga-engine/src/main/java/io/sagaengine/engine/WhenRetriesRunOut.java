package io.sagaengine.engine;

/** What a step does when the last send of its command (or compensation) got no reply within its deadline. */
public enum WhenRetriesRunOut {
    /**
     * The command: the step counts as failed with outcome {@link SagaOutcomes#TIMED_OUT} and the saga compensates.
     * The compensation: the saga needs attention. The default.
     */
    GIVE_UP,
    /**
     * The saga is paused where it is, its status and state kept, until support staff unpause it; unpausing sends the
     * command (or compensation) again, same requestId, with a fresh retry budget. Replies that come meanwhile are
     * kept and applied on unpause, in the order they came.
     */
    PAUSE
}
