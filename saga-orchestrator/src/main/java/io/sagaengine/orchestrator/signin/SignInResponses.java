package io.sagaengine.orchestrator.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** 401 and 403 answers as RFC 9457 problem details, with the challenge that fits how the caller signs in. */
final class SignInResponses {

    /** Sent by the console's own requests: a 401 then carries no challenge, so the browser shows no password box. */
    static final String CONSOLE_HEADER = "X-Requested-With";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SignInResponses() {
    }

    static void unauthorized(HttpServletRequest request, HttpServletResponse response, String challenge,
                             String detail) throws IOException {
        if (challenge != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        write(request, response, 401, "Unauthorized", detail);
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, 403, "Forbidden", detail);
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

    static String basicChallenge(String realm) {
        return "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }
}
