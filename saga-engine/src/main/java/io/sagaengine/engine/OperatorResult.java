package io.sagaengine.engine;

/**
 * What became of an operator action.
 *
 * @param version the saga's version after the action (APPLIED) or its current version (STALE_VERSION,
 *                NOT_ALLOWED); -1 when NOT_FOUND
 */
public record OperatorResult(Kind kind, long version, SagaStatus status, String state) {

    public enum Kind {
        APPLIED,
        NOT_FOUND,
        /** The saga changed since the caller read it (HTTP 412). */
        STALE_VERSION,
        /** The action does not apply to the saga's state (HTTP 409). */
        NOT_ALLOWED,
        /**
         * This build does not define the saga's type, or the version of its definition the saga runs on (a type or
         * version of a newer or older build, during a rolling upgrade): an instance whose build defines it can act
         * on it (HTTP 409). Nothing was written.
         */
        TYPE_NOT_DEFINED
    }

    static OperatorResult notFound() {
        return new OperatorResult(Kind.NOT_FOUND, -1, null, null);
    }
}
