package io.sagaengine.service.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The test web service on a real Tomcat (with what needs one: the admin port, session cookies), and a client. */
@TestConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, AdminPortAutoConfiguration.class})
@Import(RealServer.SessionController.class)
class RealServer {

    /** Makes a session, as a console's sign-in does. */
    @RestController
    static class SessionController {

        @GetMapping("/things-session")
        Map<String, String> session(HttpServletRequest request) {
            return Map.of("session", request.getSession(true).getId().isEmpty() ? "none" : "yes");
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String method, int port, String path, String user, String password)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }
}
