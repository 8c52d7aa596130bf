package io.sagaengine.operations.admin;

import io.sagaengine.engine.OperatorResult;

/** What became of one saga a bulk action matched. */
enum BulkOutcome {
    /** Matched by a dry run; nothing was done. */
    MATCHED,
    APPLIED,
    /** It changed since it was matched: left alone. */
    STALE_VERSION,
    NOT_ALLOWED,
    NOT_FOUND,
    /** This instance's build does not define the saga's type. */
    TYPE_NOT_DEFINED;

    static BulkOutcome of(OperatorResult.Kind kind) {
        return switch (kind) {
            case APPLIED -> APPLIED;
            case STALE_VERSION -> STALE_VERSION;
            case NOT_ALLOWED -> NOT_ALLOWED;
            case NOT_FOUND -> NOT_FOUND;
            case TYPE_NOT_DEFINED -> TYPE_NOT_DEFINED;
        };
    }
}
