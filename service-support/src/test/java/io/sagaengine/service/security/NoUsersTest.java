package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Outside the dev profile and without configured users, nobody gets in, not even with the dev passwords. */
@SpringBootTest(classes = WebTestApplication.class)
@AutoConfigureMockMvc
class NoUsersTest {

    @Autowired
    MockMvc mvc;

    @Test
    void everyProtectedEndpointIsUnauthorized() throws Exception {
        mvc.perform(get("/things/a")).andExpect(status().isUnauthorized());
        mvc.perform(get("/things/a").with(httpBasic("support", "support-dev-password")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/things/a").with(httpBasic("operator", "operator-dev-password")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/things/a").with(httpBasic("user", "password")))
                .andExpect(status().isUnauthorized());
    }
}
