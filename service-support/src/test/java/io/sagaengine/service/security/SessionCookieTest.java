package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.net.http.HttpResponse;

import static io.sagaengine.service.security.RealServer.send;
import static io.sagaengine.service.security.SignInThrottleTest.SAM;
import static org.assertj.core.api.Assertions.assertThat;

/** A session cookie is {@code Secure} outside the dev profile (with {@code HttpOnly} and {@code SameSite=Strict}). */
@SpringBootTest(classes = {WebTestApplication.class, RealServer.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "server.servlet.session.cookie.http-only=true",
        "server.servlet.session.cookie.same-site=strict"})
class SessionCookieTest {

    @LocalServerPort
    int port;

    @Test
    void theSessionCookieIsSecure() throws Exception {
        assertThat(sessionCookie(port)).startsWith("JSESSIONID=").containsIgnoringCase("; Secure")
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict");
    }

    @Nested
    @ActiveProfiles("dev")
    class InTheDevProfile {

        @LocalServerPort
        int devPort;

        @Test
        void theSessionCookieIsNotSecureSoThatItWorksOnPlainHttp() throws Exception {
            assertThat(sessionCookie(devPort)).startsWith("JSESSIONID=").doesNotContainIgnoringCase("Secure")
                    .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict");
        }
    }

    static String sessionCookie(int port) throws Exception {
        HttpResponse<String> answer = send("GET", port, "/things-session", "sam", SAM);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.headers().firstValue("Set-Cookie").orElseThrow();
    }
}
