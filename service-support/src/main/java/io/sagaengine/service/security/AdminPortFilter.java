package io.sagaengine.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * With an admin port: {@code /admin/**} and {@code /console/**} only on it, everything else only on the service's
 * port; a request on the wrong port is a 404, as if the path did not exist there. Runs before the security chain, so
 * the wrong port never gets as far as a password check.
 */
final class AdminPortFilter extends OncePerRequestFilter {

    private final int adminPort;

    AdminPortFilter(int adminPort) {
        this.adminPort = adminPort;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (adminPath(request) == (request.getLocalPort() == adminPort)) {
            chain.doFilter(request, response);
        } else {
            ProblemResponses.notFound(request, response, "No such resource on this port.");
        }
    }

    static boolean adminPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/admin") || path.startsWith("/admin/") || path.equals("/console")
                || path.startsWith("/console/");
    }
}
