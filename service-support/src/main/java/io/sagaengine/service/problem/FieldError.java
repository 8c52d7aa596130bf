package io.sagaengine.service.problem;

/** One entry of the {@code errors} array of a 400 problem: which field, and what is wrong with it. */
public record FieldError(String field, String message) {
}
