package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Failed sign-ins are counted per user name and per client address; beyond the limit (defaults: 5 per user, 20 per
 * address, in 5 minutes) a sign-in is refused with 429 before its password is checked, until the lockout ends.
 */
@SpringBootTest(classes = {WebTestApplication.class, CountingPasswords.class}, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.users[1].name=olga",
        "saga.security.users[1].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[1].roles=SUPPORT, OPERATOR"})
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class SignInThrottleTest {

    static final String SAM = "test-support-pw";
    static final String OLGA = "test-operator-pw";

    @Autowired
    MockMvc mvc;
    @Autowired
    CountingPasswords passwords;

    @Test
    void aUserIsLockedOutAfterFiveFailuresWithoutAPasswordCheckUntilTheLockoutEnds() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/things/a").with(httpBasic("sam", "guess-" + i)).with(from("10.0.0.1")))
                    .andExpect(status().isUnauthorized());
        }
        assertThat(passwords.checks).hasValue(5);

        mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.0.1")))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "300"))
                .andExpect(jsonPath("$.status").value(429));
        mvc.perform(post("/admin/token").with(httpBasic("sam", SAM)).with(from("10.0.0.2")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
        mvc.perform(get("/things/a").with(httpBasic("SAM", SAM)).with(from("10.0.0.3")))
                .andExpect(status().isTooManyRequests());
        assertThat(passwords.checks).as("a locked-out user's password is not checked").hasValue(5);

        mvc.perform(get("/things/a").with(httpBasic("olga", OLGA)).with(from("10.0.0.1")))
                .andExpect(status().isOk());

        passwords.clock.advance(Duration.ofMinutes(4));
        mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.0.1")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "60"));
        passwords.clock.advance(Duration.ofMinutes(1));
        mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.0.1")))
                .andExpect(status().isOk());
    }

    @Test
    void anAddressIsLockedOutAfterTwentyFailuresWhateverTheUserNames() throws Exception {
        for (int i = 0; i < 20; i++) {
            mvc.perform(post("/admin/token").with(httpBasic("made-up-" + i, "guess")).with(from("10.0.0.9")))
                    .andExpect(status().isUnauthorized());
        }
        int checked = passwords.checks.get();

        mvc.perform(get("/things/a").with(httpBasic("olga", OLGA)).with(from("10.0.0.9")))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "300"));
        assertThat(passwords.checks).hasValue(checked);
        mvc.perform(get("/things/a").with(httpBasic("olga", OLGA)).with(from("10.0.0.10")))
                .andExpect(status().isOk());
    }

    @Test
    void aSuccessfulSignInStartsTheUsersCountAgain() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                mvc.perform(get("/things/a").with(httpBasic("sam", "guess-" + i)).with(from("10.0.1." + round)))
                        .andExpect(status().isUnauthorized());
            }
            mvc.perform(get("/things/a").with(httpBasic("sam", SAM)).with(from("10.0.1." + round)))
                    .andExpect(status().isOk());
        }
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
