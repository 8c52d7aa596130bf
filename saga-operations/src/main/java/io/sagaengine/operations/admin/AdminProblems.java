package io.sagaengine.operations.admin;

import io.sagaengine.service.problem.FieldError;
import io.sagaengine.service.problem.ProblemDetailsAdvice;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;

/** The admin API's problem answers (RFC 9457), thrown as exceptions the shared problem handler writes. */
final class AdminProblems {

    private AdminProblems() {
    }

    /** 400 listing every bad parameter, in the shape of the shared validation problems. */
    static ErrorResponseException invalid(List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
        body.setTitle("Validation failed");
        body.setProperty(ProblemDetailsAdvice.ERRORS, List.copyOf(errors));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, body, null);
    }

    static ErrorResponseException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    static ErrorResponseException notFound(Object sagaId) {
        return problem(HttpStatus.NOT_FOUND, "There is no saga " + sagaId + ".", Map.of());
    }

    static ErrorResponseException ifMatchRequired() {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "Send If-Match with the saga's version (its ETag), as read "
                + "from GET /admin/sagas/{sagaId}, so that the action applies to the saga you looked at.", Map.of());
    }

    static ErrorResponseException stale(long currentVersion) {
        return problem(HttpStatus.PRECONDITION_FAILED, "The saga changed since you read it: it is at version "
                + currentVersion + ". Read it again before acting.", Map.of("version", currentVersion));
    }

    static ErrorResponseException notAllowed(OperatorAction action, String status, String state, long version) {
        return problem(HttpStatus.CONFLICT, action.asSubject() + " does not apply to a saga that is " + status
                        + " in state " + state + ".",
                Map.of("sagaStatus", status, "state", state, "version", version));
    }

    static ErrorResponseException typeNotDefined(OperatorAction action, String type, long version) {
        String saga = type == null ? "this saga's type" : "saga type " + type;
        return problem(HttpStatus.CONFLICT, "This build does not define " + saga + ", so it cannot " + action.label()
                        + " the saga: act on it through an instance whose build defines the type (during a rolling "
                        + "upgrade, one of the newer or older build).",
                type == null ? Map.of("version", version) : Map.of("sagaType", type, "version", version));
    }

    /** 503: the read was cancelled by {@code saga.admin.read-timeout} so that it cannot delay the sagas' work. */
    static ErrorResponseException readTimedOut(int seconds) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The query ran longer "
                + "than the admin API's read timeout (" + seconds + " s) and was cancelled, so that it cannot delay the "
                + "sagas' work. Narrow the filter (a type, a status, a time range) or try again when the system is "
                + "less busy.");
        body.setTitle("Query timed out");
        body.setProperty("timeoutSeconds", seconds);
        return new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, body, null);
    }

    /** 503: as many live streams as {@code saga.admin.events.max-subscribers} allows are open on this instance. */
    static ErrorResponseException tooManyStreams(int max) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "This instance already "
                + "streams " + max + " sagas live (saga.admin.events.max-subscribers). Read the saga with GET "
                + "/admin/sagas/{sagaId} instead, or try again later.");
        body.setTitle("Too many live streams");
        body.setProperty("maxSubscribers", max);
        ErrorResponseException problem = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, body, null);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return problem;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, Map<String, Object> properties) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        properties.forEach(body::setProperty);
        return new ErrorResponseException(status, body, null);
    }
}
