package io.sagaengine.orchestrator.order;

import io.sagaengine.service.problem.FieldError;
import io.sagaengine.service.problem.ProblemDetailsAdvice;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * A request the order API refuses. Being an {@link ErrorResponseException}, it is answered as RFC 9457
 * problem details by the services' shared problem handling.
 */
final class OrderProblem extends ErrorResponseException {

    static final int RETRY_AFTER_SECONDS = 5;

    private OrderProblem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        super(status, body(status, title, detail, errors), null);
    }

    private static ProblemDetail body(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        if (!errors.isEmpty()) {
            body.setProperty(ProblemDetailsAdvice.ERRORS, List.copyOf(errors));
        }
        return body;
    }

    private static OrderProblem of(HttpStatus status, String title, String detail) {
        return new OrderProblem(status, title, detail, List.of());
    }

    /** Every bad field of an order request, in the shape of the shared validation problems. */
    static OrderProblem invalidOrder(List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
        return new OrderProblem(HttpStatus.BAD_REQUEST, "Validation failed", detail, errors);
    }

    static OrderProblem malformedJson(String detail) {
        return of(HttpStatus.BAD_REQUEST, "Malformed JSON", detail);
    }

    static OrderProblem unsupportedMediaType(String contentType) {
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                "Content-Type must be application/json, was " + (contentType == null ? "absent" : contentType) + ".");
    }

    static OrderProblem bodyTooLarge(long limitBytes) {
        return of(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large",
                "The request body must not be larger than " + limitBytes + " bytes.");
    }

    static OrderProblem invalidIdempotencyKey() {
        return new OrderProblem(HttpStatus.BAD_REQUEST, "Validation failed", "1 field is invalid.",
                List.of(new FieldError(IdempotencyKey.HEADER, "must be 1 to 255 printable ASCII characters")));
    }

    static OrderProblem idempotencyKeyInUse() {
        return of(HttpStatus.CONFLICT, "Request in progress",
                "A request with this Idempotency-Key is still being handled; retry shortly.");
    }

    static OrderProblem idempotencyKeyReused() {
        return of(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different order.");
    }

    static OrderProblem malformedOrderId() {
        return new OrderProblem(HttpStatus.BAD_REQUEST, "Validation failed", "1 field is invalid.",
                List.of(new FieldError("orderId", "must be a UUID")));
    }

    /** 503 with Retry-After: the instance is not ready (see its readiness health for why). */
    static OrderProblem notTakingOrders() {
        return unavailable("Not taking orders",
                "This instance cannot take new orders right now; nothing was stored. Send the request again after "
                        + "Retry-After, with the same Idempotency-Key.", RETRY_AFTER_SECONDS);
    }

    /**
     * 503 with Retry-After: this instance holds as many long polls as its memory allows. Not a 304 at once, which
     * a client would answer with its next long poll straight away.
     */
    static OrderProblem tooManyLongPolls() {
        return unavailable("Too many long polls",
                "This instance holds as many waiting requests as it can. Send the request again after Retry-After.",
                RETRY_AFTER_SECONDS);
    }

    /** 503 with Retry-After: this instance holds as many WebSockets and event streams as its memory allows. */
    static OrderProblem tooManySubscribers() {
        return unavailable("Too many subscribers",
                "This instance holds as many status subscriptions as it can. Subscribe again after Retry-After, or "
                        + "long-poll GET /orders/{orderId}.", RETRY_AFTER_SECONDS);
    }

    /** 503 with Retry-After: this instance is stopping; another one answers. */
    static OrderProblem stopping() {
        return unavailable("Stopping", "This instance is stopping. Subscribe again (another instance will answer).",
                1);
    }

    private static OrderProblem unavailable(String title, String detail, long retryAfterSeconds) {
        OrderProblem problem = of(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        return problem;
    }

    static OrderProblem orderNotFound() {
        return of(HttpStatus.NOT_FOUND, "Not Found", "No order has this id.");
    }
}
