package io.sagaengine.service.problem;

import io.sagaengine.outbox.TransientFailures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs after every other resolver (so services' own advices always come first): an exception nobody handled is a
 * 500 problem whose body tells nothing about the internals, or a 503 with {@code Retry-After} when the database is
 * unreachable for the moment ({@link TransientFailures}). Security exceptions are left to the security filters.
 */
final class UnexpectedErrorResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorResolver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        if (ex instanceof AccessDeniedException || ex instanceof AuthenticationException
                || AnnotatedElementUtils.hasAnnotation(ex.getClass(), ResponseStatus.class) || response.isCommitted()) {
            return null;
        }
        boolean transientFailure = TransientFailures.isTransient(ex);
        if (transientFailure) {
            log.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
        } else {
            log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        }
        int status = transientFailure ? 503 : 500;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", transientFailure ? "Service Unavailable" : "Internal Server Error");
        body.put("status", status);
        body.put("detail", transientFailure ? "The service cannot reach its database at the moment; nothing was "
                + "changed. Retry shortly (with the same Idempotency-Key where there is one)." : "An unexpected error occurred.");
        body.put("instance", request.getRequestURI());
        try {
            response.resetBuffer();
            response.setStatus(status);
            if (transientFailure) {
                response.setHeader("Retry-After", "2");
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(JSON.writeValueAsBytes(body));
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
