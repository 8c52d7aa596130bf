package io.sagaengine.service.problem;

import jakarta.validation.ConstraintViolationException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 9457 problem details for every error Spring MVC knows (400, 404, 405, 406, 415, ...), plus: validation
 * errors list every bad field in {@code errors} ({@code [{field, message}]}), malformed JSON names the bad field
 * when it can, {@link ResourceNotFoundException} is 404, {@link ResourceConflictException} and optimistic-lock
 * failures are 409.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final String ERRORS = "errors";

    @ExceptionHandler(ResourceNotFoundException.class)
    public ResponseEntity<Object> handleNotFound(ResourceNotFoundException ex, WebRequest request) {
        return problem(ex, HttpStatus.NOT_FOUND, ex.getMessage(), request);
    }

    @ExceptionHandler(ResourceConflictException.class)
    public ResponseEntity<Object> handleConflict(ResourceConflictException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONFLICT, ex.getMessage(), request);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    public ResponseEntity<Object> handleOptimisticLock(OptimisticLockingFailureException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONFLICT, "The resource was changed concurrently; read it again and retry.", request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return invalid(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return invalid(ex, errorsOf(ex.getBindingResult()), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = parameterName(result.getMethodParameter());
            if (result instanceof org.springframework.validation.method.ParameterErrors parameterErrors) {
                errors.addAll(errorsOf(parameterErrors));
            } else {
                result.getResolvableErrors().forEach(e -> errors.add(new FieldError(name, message(e))));
            }
        });
        ex.getCrossParameterValidationResults().forEach(e -> errors.add(new FieldError("", message(e))));
        return invalid(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return invalid(ex, List.of(new FieldError(ex.getParameterName(), "is required")), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON "
                + "for this request.");
        JacksonException jackson = findCause(ex, JacksonException.class);
        if (jackson != null) {
            String path = path(jackson);
            if (!path.isEmpty()) {
                body.setProperty(ERRORS, List.of(new FieldError(path, "has an invalid value or type")));
            }
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            body.setDetail("The request body is missing.");
        }
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> invalid(Exception ex, List<FieldError> errors, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
        body.setTitle("Validation failed");
        body.setProperty(ERRORS, errors);
        return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String detail, WebRequest request) {
        return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), status,
                request);
    }

    private static List<FieldError> errorsOf(Errors result) {
        List<FieldError> errors = new ArrayList<>();
        for (ObjectError error : result.getAllErrors()) {
            String field = error instanceof org.springframework.validation.FieldError f ? f.getField() : error.getObjectName();
            errors.add(new FieldError(field, message(error)));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return errors;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String parameterName(MethodParameter parameter) {
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        String name = parameter.getParameterName();
        return name == null ? "arg" + parameter.getParameterIndex() : name;
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        // method validation paths look like "method.arg"; keep the argument's path
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /** The JSON path of the failing value, e.g. {@code items[0].quantity}. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
