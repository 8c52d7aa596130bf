package io.sagaengine.contracts;

/**
 * A record that cannot be turned into a contract message. Consumers send such a record to the DLT
 * with {@link #getMessage()} as its reason; retrying it would fail the same way.
 */
public class UnreadableMessageException extends RuntimeException {

    public enum Problem {
        UNKNOWN_TYPE,
        UNSUPPORTED_VERSION,
        MALFORMED_JSON,
        INVALID_CONTENT
    }

    private final Problem problem;

    public UnreadableMessageException(Problem problem, String reason) {
        this(problem, reason, null);
    }

    public UnreadableMessageException(Problem problem, String reason, Throwable cause) {
        super(reason, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The human-readable reason, fit for a DLT reason header. */
    public String reason() {
        return getMessage();
    }
}
