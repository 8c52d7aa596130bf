package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The shared chain trades HTTP Basic for a bearer token that then signs requests in with the user's roles. */
@SpringBootTest(classes = WebTestApplication.class, properties = {
        "saga.security.users[0].name=sam",
        "saga.security.users[0].password={bcrypt}$2a$10$J2kbvu7O1RQYJ/X6d3hUFuc8iBSt.rd7gs.RpdDxZkwefDT8AOtuW",
        "saga.security.users[0].roles=SUPPORT",
        "saga.security.users[1].name=olga",
        "saga.security.users[1].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[1].roles=SUPPORT, OPERATOR",
        "saga.security.tokens.secret=" + BearerTokenTest.SECRET})
@AutoConfigureMockMvc
class BearerTokenTest {

    static final String SECRET = "the-shared-chain-test-signing-key-0123456789";
    private static final String BODY = "{\"name\":\"a\",\"price\":\"1.00\"}";

    @Autowired
    MockMvc mvc;

    @Test
    void aTokenCarriesItsUsersRolesAndNoSession() throws Exception {
        String support = bearer("sam", "test-support-pw");
        mvc.perform(get("/things/a").header("Authorization", support))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"));
        mvc.perform(post("/things").header("Authorization", support).contentType(MediaType.APPLICATION_JSON)
                        .content(BODY))
                .andExpect(status().isForbidden());
        mvc.perform(post("/things").header("Authorization", bearer("olga", "test-operator-pw"))
                        .contentType(MediaType.APPLICATION_JSON).content(BODY))
                .andExpect(status().isOk());
    }

    @Test
    void aTokenCannotGetATokenAndAForgedOrExpiredOneIsRefused() throws Exception {
        String token = bearer("olga", "test-operator-pw");
        mvc.perform(post("/admin/token").header("Authorization", token))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        Clock hourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        String expired = new ApiTokens(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(15), hourAgo)
                .issue("olga").token();
        String forged = new ApiTokens("a-key-this-service-never-signed-with".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(15), Clock.systemUTC()).issue("olga").token();
        for (String refused : new String[] {expired, forged, "not-a-token"}) {
            mvc.perform(get("/things/a").header("Authorization", "Bearer " + refused))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate", containsString("Bearer error=\"invalid_token\"")))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        mvc.perform(post("/admin/token").with(httpBasic("olga", "wrong"))).andExpect(status().isUnauthorized());
    }

    private String bearer(String user, String password) throws Exception {
        String answer = mvc.perform(post("/admin/token").with(httpBasic(user, password)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(jsonPath("$.tokenType").value("Bearer"))
                .andReturn().getResponse().getContentAsString();
        return "Bearer " + JsonMapper.builder().build().readTree(answer).get("token").asString();
    }
}
