package io.sagaengine.operations.signin;

import io.sagaengine.service.security.BearerToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Locale;
import java.util.Set;

/**
 * Which requests need a CSRF token: a state change of the admin API or the console that a browser may have sent on
 * its own. A browser attaches cookies (the console's session) and remembered HTTP Basic credentials to a request
 * that another site makes it send, and it always says so with {@code Origin} or {@code Sec-Fetch-*} on a POST; a
 * script (curl, a job) sends neither and no cookie. A request with a bearer token needs none: no browser adds that
 * header by itself, and another site cannot make it add one (CORS stays closed).
 */
final class BrowserStateChange implements RequestMatcher {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    public boolean matches(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT)) || !protectedPath(request)) {
            return false;
        }
        if (BearerToken.of(request).isPresent()) {
            return false;
        }
        return request.getHeader(HttpHeaders.COOKIE) != null
                || request.getHeader(HttpHeaders.ORIGIN) != null
                || request.getHeader("Sec-Fetch-Site") != null
                || request.getHeader("Sec-Fetch-Mode") != null;
    }

    private static boolean protectedPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/console")
                || path.startsWith("/console/");
    }
}
