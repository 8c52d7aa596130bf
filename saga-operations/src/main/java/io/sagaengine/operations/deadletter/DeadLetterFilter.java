package io.sagaengine.operations.deadletter;

import java.util.Locale;

/**
 * Which dead letters a listing or a bulk re-drive takes; a null criterion takes every record.
 *
 * @param messageType    the message-type header, exactly
 * @param sagaId         the saga (saga-id header, else the key), exactly
 * @param reasonContains a part of the dlt-reason header, ignoring case
 * @param notRedriven    only records never re-driven
 */
record DeadLetterFilter(String messageType, String sagaId, String reasonContains, boolean notRedriven) {

    static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, false);

    boolean matches(DeadLetter record, boolean redriven) {
        if (notRedriven && redriven) {
            return false;
        }
        if (messageType != null && !messageType.equals(record.messageType())) {
            return false;
        }
        if (sagaId != null && !sagaId.equalsIgnoreCase(record.sagaId() == null ? null : record.sagaId().strip())) {
            return false;
        }
        if (reasonContains != null) {
            String reason = record.reason();
            return reason != null && reason.toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT));
        }
        return true;
    }
}
