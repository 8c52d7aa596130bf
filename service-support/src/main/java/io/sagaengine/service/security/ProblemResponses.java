package io.sagaengine.service.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 401 and 403 answers as RFC 9457 problem details, written before any controller is reached; also for sign-in
 * mechanisms an application adds to the chain.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    /** The HTTP Basic challenge of {@code realm}. */
    public static String basicChallenge(String realm) {
        return "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    static AuthenticationEntryPoint unauthorized(String realm) {
        String challenge = basicChallenge(realm);
        return (request, response, exception) -> {
            if (!refusedSignIn(request, response, exception)) {
                unauthorized(request, response, challenge, "Authentication is required to access this resource.");
            }
        };
    }

    /**
     * Answers a sign-in refused before its password was checked, for an entry point or a failure handler of a
     * sign-in mechanism: 429 (too many failures for the user or the address) or 503 (too many password checks at
     * once), each with {@code Retry-After}.
     *
     * @return false, with nothing written, for any other failure (the caller answers it, typically with a 401)
     */
    public static boolean refusedSignIn(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException failure) throws IOException {
        if (!(failure instanceof SignInRefusedException refused)) {
            return false;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
        write(request, response, refused.status(), refused.status() == 429 ? "Too Many Requests"
                : "Service Unavailable", refused.getMessage());
        return true;
    }

    /** A 401; {@code challenge} goes into {@code WWW-Authenticate}, none when null. */
    public static void unauthorized(HttpServletRequest request, HttpServletResponse response, String challenge,
                                    String detail) throws IOException {
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        write(request, response, 401, "Unauthorized", detail);
    }

    public static void forbidden(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        write(request, response, 403, "Forbidden", detail);
    }

    static void notFound(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, 404, "Not Found", detail);
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, exception) ->
                forbidden(request, response, "Your role does not allow this request.");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
                              String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
