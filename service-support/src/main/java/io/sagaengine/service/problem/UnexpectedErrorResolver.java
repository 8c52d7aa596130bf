package io.sagaengine.service.problem;

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
 * 500 problem whose body tells nothing about the internals. Security exceptions are left to the security filters.
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
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Internal Server Error");
        body.put("status", 500);
        body.put("detail", "An unexpected error occurred.");
        body.put("instance", request.getRequestURI());
        try {
            response.resetBuffer();
            response.setStatus(500);
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
