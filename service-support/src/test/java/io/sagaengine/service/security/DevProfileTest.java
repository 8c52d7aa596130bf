package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = WebTestApplication.class)
@AutoConfigureMockMvc
@ActiveProfiles("dev")
class DevProfileTest {

    @Autowired
    MockMvc mvc;

    @Test
    void devUsersHaveTheirRoles() throws Exception {
        mvc.perform(get("/things/a").with(httpBasic("support", "support-dev-password"))).andExpect(status().isOk());
        mvc.perform(post("/things").with(httpBasic("support", "support-dev-password"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\",\"price\":1}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/things").with(httpBasic("operator", "operator-dev-password"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"a\",\"price\":1}"))
                .andExpect(status().isOk());
        mvc.perform(get("/things/a").with(httpBasic("operator", "support-dev-password")))
                .andExpect(status().isUnauthorized());
    }
}
