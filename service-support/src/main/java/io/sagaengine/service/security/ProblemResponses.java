package io.sagaengine.service.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
        return (request, response, exception) -> unauthorized(request, response, challenge,
                "Authentication is required to access this resource.");
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
