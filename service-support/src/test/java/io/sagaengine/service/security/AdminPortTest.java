package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;

import static io.sagaengine.service.security.RealServer.send;
import static io.sagaengine.service.security.SignInThrottleTest.SAM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code saga.security.admin-port}, the admin paths answer on that port only and everything else on the
 * service's port only; a request on the wrong port is a 404 and checks no password.
 */
@SpringBootTest(classes = {WebTestApplication.class, RealServer.class, CountingPasswords.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT"})
class AdminPortTest {

    static final int ADMIN_PORT = RealServer.freePort();

    @DynamicPropertySource
    static void adminPort(DynamicPropertyRegistry registry) {
        registry.add("saga.security.admin-port", () -> ADMIN_PORT);
    }

    @LocalServerPort
    int port;
    @Autowired
    CountingPasswords passwords;

    @Test
    void theAdminApiAnswersOnTheAdminPortOnlyAndTheServiceApiOnItsOwnPortOnly() throws Exception {
        assertThat(send("POST", ADMIN_PORT, "/admin/token", "sam", SAM).statusCode()).isEqualTo(200);
        assertThat(send("GET", port, "/things/a", "sam", SAM).statusCode()).isEqualTo(200);
        int checked = passwords.checks.get();

        HttpResponse<String> adminOnPublic = send("POST", port, "/admin/token", "sam", SAM);
        assertThat(adminOnPublic.statusCode()).isEqualTo(404);
        assertThat(adminOnPublic.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(send("GET", port, "/console/", "sam", SAM).statusCode()).isEqualTo(404);
        assertThat(send("GET", ADMIN_PORT, "/things/a", "sam", SAM).statusCode()).isEqualTo(404);
        assertThat(send("GET", ADMIN_PORT, "/things/a", "sam", "a-guess").statusCode()).isEqualTo(404);
        assertThat(passwords.checks).as("no password is checked on the wrong port").hasValue(checked);
    }
}
