package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = WebTestApplication.class, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.users[1].name=olga",
        "saga.security.users[1].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[1].roles=SUPPORT, OPERATOR",
        "saga.security.public-paths=/open/**"})
@AutoConfigureMockMvc
class SecurityRulesTest {

    private static final String BODY = "{\"name\":\"a\",\"price\":\"1.00\"}";

    @Autowired
    MockMvc mvc;

    @Test
    void withoutCredentialsIsUnauthorizedAsProblem() throws Exception {
        mvc.perform(get("/things/a"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Basic realm=\"saga-engine\"")))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").value("Unauthorized"));
    }

    @Test
    void wrongPasswordIsUnauthorized() throws Exception {
        mvc.perform(get("/things/a").with(httpBasic("sam", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void supportMayRead() throws Exception {
        mvc.perform(get("/things/a").with(httpBasic("sam", "test-support-pw")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("a"));
    }

    @Test
    void supportMayNotWriteAndGetsForbiddenProblem() throws Exception {
        mvc.perform(post("/things").with(httpBasic("sam", "test-support-pw"))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(403));
    }

    @Test
    void operatorMayWrite() throws Exception {
        mvc.perform(post("/things").with(httpBasic("olga", "test-operator-pw"))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("a"));
    }

    @Test
    void serviceRulesWinOverDefaults() throws Exception {
        mvc.perform(post("/things/notes").with(httpBasic("sam", "test-support-pw")))
                .andExpect(status().isOk());
    }

    @Test
    void publicPathsAreOpen() throws Exception {
        mvc.perform(get("/open/ping")).andExpect(status().isOk());
    }

    @Test
    void actuatorNeedsOperatorExceptHealth() throws Exception {
        mvc.perform(get("/actuator/prometheus").with(httpBasic("sam", "test-support-pw")))
                .andExpect(status().isForbidden());
        // no actuator here: past security, the path is simply unknown
        mvc.perform(get("/actuator/prometheus").with(httpBasic("olga", "test-operator-pw")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/actuator/health")).andExpect(status().isNotFound());
    }

    @Test
    void doesNotCreateSessions() throws Exception {
        mvc.perform(get("/things/a").with(httpBasic("sam", "test-support-pw")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"));
    }
}
