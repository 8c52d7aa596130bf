package io.sagaengine.operations.deadletter;

import io.sagaengine.service.problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query of {@code GET /admin/dead-letters/{topic}}, checked all at once so that one answer lists every bad
 * parameter.
 */
record DeadLetterQuery(DeadLetterFilter filter, int limit, DeadLetterCursor cursor) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;
    static final int MAX_CRITERION_LENGTH = 255;

    /**
     * @throws org.springframework.web.ErrorResponseException 400 listing every bad parameter
     */
    static DeadLetterQuery parse(String messageType, String sagaId, String reasonContains, String notRedriven,
                                 String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        DeadLetterFilter filter = new DeadLetterFilter(criterion("messageType", messageType, errors),
                criterion("sagaId", sagaId, errors), criterion("reasonContains", reasonContains, errors),
                flag("notRedriven", notRedriven, errors));
        int parsedLimit = limit(limit, errors);
        DeadLetterCursor parsedCursor = cursor(cursor, errors);
        if (!errors.isEmpty()) {
            throw DeadLetterProblems.invalid(errors);
        }
        return new DeadLetterQuery(filter, parsedLimit, parsedCursor);
    }

    /** A text criterion: blank means none; stripped; bounded. */
    static String criterion(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_CRITERION_LENGTH) {
            errors.add(new FieldError(field, "must be at most " + MAX_CRITERION_LENGTH + " characters"));
            return null;
        }
        return value.strip();
    }

    private static boolean flag(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(new FieldError(field, "must be true or false"));
                yield false;
            }
        };
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static DeadLetterCursor cursor(String value, List<FieldError> errors) {
        try {
            return DeadLetterCursor.parse(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cursor", "must be a nextCursor this API handed out"));
            return DeadLetterCursor.START;
        }
    }
}
