package io.sagaengine.operations.deadletter;

import io.sagaengine.service.problem.FieldError;
import io.sagaengine.service.problem.ProblemDetailsAdvice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;

/** The dead-letter API's problem answers (RFC 9457), thrown as exceptions the shared problem handler writes. */
final class DeadLetterProblems {

    private DeadLetterProblems() {
    }

    static ErrorResponseException invalid(List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
        body.setTitle("Validation failed");
        body.setProperty(ProblemDetailsAdvice.ERRORS, List.copyOf(errors));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, body, null);
    }

    static ErrorResponseException unknownTopic(String topic, List<String> known) {
        return problem(HttpStatus.NOT_FOUND, "'" + topic + "' is not a dead-letter topic of this system.",
                Map.of("deadLetterTopics", known));
    }

    static ErrorResponseException noRecord(Coordinates at) {
        return problem(HttpStatus.NOT_FOUND, "There is no record at " + at + " (never written, or deleted by the "
                + "topic's retention).", Map.of());
    }

    static ErrorResponseException alreadyRedriven(Coordinates at, Redrive last) {
        return problem(HttpStatus.CONFLICT, "The record at " + at + " was already re-driven by " + last.actor()
                        + " at " + last.requestedAt() + ". Send \"force\": true to re-drive it again.",
                Map.of("redrivenBy", last.actor(), "redrivenAt", last.requestedAt().toString(),
                        "attempt", last.attempt()));
    }

    static ErrorResponseException concurrentRedrive(Coordinates at) {
        return problem(HttpStatus.CONFLICT, "Another re-drive of the record at " + at + " was recorded at the same "
                + "moment. Read the record again.", Map.of());
    }

    static ErrorResponseException kafkaUnavailable(KafkaUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not answer: " + e.getMessage(), Map.of());
    }

    private static ErrorResponseException problem(HttpStatus status, String detail, Map<String, Object> properties) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        properties.forEach(body::setProperty);
        return new ErrorResponseException(status, body, null);
    }
}
