package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.sagaengine.service.security.SignInThrottleTest.SAM;
import static io.sagaengine.service.security.SignInThrottleTest.from;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Password hash checks (bcrypt, about 100 ms of a core each) cannot be used to occupy the CPU: at most
 * {@code concurrent-checks} run at once and a sign-in beyond them is refused at once, and a script sending the same
 * HTTP Basic credentials again pays for one check per {@code verified-ttl}.
 */
@SpringBootTest(classes = {WebTestApplication.class, CountingPasswords.class}, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.sign-in.concurrent-checks=1"})
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class PasswordCheckLoadTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    CountingPasswords passwords;

    @Test
    void signInsBeyondTheConcurrentChecksAreRefusedAtOnceWithoutACheck() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        passwords.gate.set(gate);
        CompletableFuture<Integer> held = CompletableFuture.supplyAsync(() -> statusOf("sam", "bogus", "10.0.2.1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> passwords.running.get() == 1);

        for (int i = 0; i < 20; i++) {
            mvc.perform(get("/things/a").with(httpBasic("bogus-" + i, "bogus")).with(from("10.0.3." + i)))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        assertThat(passwords.checks).as("only the one check let in ran").hasValue(1);

        gate.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(401);
        passwords.gate.set(null);
        mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.3.0")))
                .andExpect(status().isOk());
    }

    @Test
    void theSameValidBasicCredentialsAreCheckedOncePerVerifiedTtl() throws Exception {
        for (int i = 0; i < 10; i++) {
            mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.4.1")))
                    .andExpect(status().isOk());
        }
        assertThat(passwords.checks).as("one check for ten requests").hasValue(1);

        mvc.perform(get("/things/a").with(httpBasic("sam", SAM + "x")).with(from("10.0.4.1")))
                .andExpect(status().isUnauthorized());
        assertThat(passwords.checks).as("another password is checked").hasValue(2);

        passwords.clock.advance(Duration.ofMinutes(1));
        mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.4.1")))
                .andExpect(status().isOk());
        assertThat(passwords.checks).as("checked again once the minute is over").hasValue(3);
    }

    private int statusOf(String user, String password, String address) {
        try {
            return mvc.perform(get("/things/a").with(httpBasic(user, password)).with(from(address)))
                    .andReturn().getResponse().getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
