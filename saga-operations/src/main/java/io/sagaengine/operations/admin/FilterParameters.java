package io.sagaengine.operations.admin;

import io.sagaengine.service.problem.FieldError;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every filter of {@code GET /admin/sagas} and of the bulk actions, checked all at once so one answer lists every
 * bad one. The engine's own ones (status, stuck, olderThan, limit, cursor) are read as {@link ListParameters} does.
 */
final class FilterParameters {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    static final int MAX_SEARCH_LENGTH = 255;

    /** The filters as sent, all text. */
    record Raw(String status, String type, String stuck, String stuckKind, String olderThan, String step,
               String q, String progressedBefore, String progressedAfter, String definedHere, String paused) {
    }

    private FilterParameters() {
    }

    /**
     * @throws org.springframework.web.ErrorResponseException 400 listing every bad parameter
     */
    static SagaFilter parse(Raw raw, String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        var status = ListParameters.status(raw.status(), errors);
        boolean stuck = ListParameters.stuck(raw.stuck(), errors);
        var olderThan = ListParameters.olderThan(raw.olderThan(), errors);
        int parsedLimit = ListParameters.limit(limit, errors);
        String parsedCursor = ListParameters.cursor(cursor, errors);
        String type = name("type", raw.type(), errors);
        if (type != null && type.length() > ListParameters.MAX_TYPE_LENGTH) {
            errors.add(new FieldError("type", "must be a saga type of at most " + ListParameters.MAX_TYPE_LENGTH
                    + " characters"));
            type = null;
        }
        StuckReason.Kind stuckKind = stuckKind(raw.stuckKind(), errors);
        String step = name("step", raw.step(), errors);
        String search = search(raw.q(), errors);
        Instant before = instant("progressedBefore", raw.progressedBefore(), errors);
        Instant after = instant("progressedAfter", raw.progressedAfter(), errors);
        Boolean definedHere = flag("definedHere", raw.definedHere(), errors);
        Boolean paused = flag("paused", raw.paused(), errors);
        if (!errors.isEmpty()) {
            throw AdminProblems.invalid(errors);
        }
        return new SagaFilter(status, type, stuck, stuckKind, olderThan, step, search, before, after, definedHere,
                paused, parsedLimit, parsedCursor);
    }

    /** Null when not given. */
    private static Boolean flag(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                errors.add(new FieldError(field, "must be true or false"));
                yield null;
            }
        };
    }

    private static String name(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!NAME.matcher(value.strip()).matches()) {
            errors.add(new FieldError(field, "must be 1 to 200 letters, digits or . _ : -"));
            return null;
        }
        return value.strip();
    }

    private static StuckReason.Kind stuckKind(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return StuckReason.Kind.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("stuckKind", "must be one of " + Arrays.toString(StuckReason.Kind.values())));
            return null;
        }
    }

    private static String search(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > MAX_SEARCH_LENGTH) {
            errors.add(new FieldError("q", "must be at most " + MAX_SEARCH_LENGTH + " characters"));
            return null;
        }
        return value.strip();
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2030-01-01T10:00:00Z"));
            return null;
        }
    }
}
