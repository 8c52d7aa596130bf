package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.service.problem.FieldError;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The query parameters of {@code GET /admin/sagas}, checked all at once so one answer lists every bad one. */
final class ListParameters {

    static final Duration DEFAULT_OLDER_THAN = Duration.ofMinutes(5);
    static final Duration MAX_OLDER_THAN = Duration.ofDays(3650);
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_CURSOR_LENGTH = 512;
    /** As long as {@code saga_instance.type} may be. */
    static final int MAX_TYPE_LENGTH = 100;

    private ListParameters() {
    }

    static SagaStatus status(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return SagaStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("status", "must be one of " + Arrays.toString(SagaStatus.values())));
            return null;
        }
    }

    static boolean stuck(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(new FieldError("stuck", "must be true or false"));
                yield false;
            }
        };
    }

    static Duration olderThan(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_OLDER_THAN;
        }
        try {
            Duration duration = Duration.parse(value.strip());
            if (duration.isNegative() || duration.compareTo(MAX_OLDER_THAN) > 0) {
                errors.add(new FieldError("olderThan", "must be from PT0S to " + MAX_OLDER_THAN));
                return DEFAULT_OLDER_THAN;
            }
            return duration;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("olderThan", "must be an ISO-8601 duration such as PT5M"));
            return DEFAULT_OLDER_THAN;
        }
    }

    static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= SagaSearch.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + SagaSearch.MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    static String cursor(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_CURSOR_LENGTH || !value.matches("[A-Za-z0-9_-]+")) {
            errors.add(invalidCursor());
            return null;
        }
        return value;
    }

    static FieldError invalidCursor() {
        return new FieldError("cursor", "must be a nextCursor this API handed out");
    }
}
