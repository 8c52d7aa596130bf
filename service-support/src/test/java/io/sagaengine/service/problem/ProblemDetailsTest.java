package io.sagaengine.service.problem;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = WebTestApplication.class, properties = {
        "saga.security.users[0].name=olga",
        "saga.security.users[0].password={bcrypt}$2a$10$tF2CUDwGIIx.rALOowQjLe7qG7.6mJMgriIlUIDtBT.9szacqXtOm",
        "saga.security.users[0].roles=SUPPORT,OPERATOR"})
@AutoConfigureMockMvc
class ProblemDetailsTest {

    @Autowired
    MockMvc mvc;

    private static MockHttpServletRequestBuilder asOperator(MockHttpServletRequestBuilder request) {
        return request.with(httpBasic("olga", "test-operator-pw"));
    }

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        mvc.perform(asOperator(post("/things")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\" \",\"price\":\"-1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("name", "price")));
    }

    @Test
    void missingFieldsAreListed() throws Exception {
        mvc.perform(asOperator(post("/things")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("name", "price")));
    }

    @Test
    void invalidPathVariableIsListed() throws Exception {
        mvc.perform(asOperator(get("/things/NOT_VALID")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("id"));
    }

    @Test
    void missingRequestParameterIsListed() throws Exception {
        mvc.perform(asOperator(get("/things")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("owner"));
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        mvc.perform(asOperator(post("/things")).contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("not valid JSON")));
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        mvc.perform(asOperator(post("/things")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"a\",\"price\":\"lots\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("price"));
    }

    @Test
    void notJsonIsUnsupportedMediaType() throws Exception {
        mvc.perform(asOperator(post("/things")).contentType(MediaType.TEXT_PLAIN).content("name=a"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(415));
    }

    @Test
    void notFound() throws Exception {
        mvc.perform(asOperator(get("/things/missing")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no thing missing"));
        mvc.perform(asOperator(get("/nowhere")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void conflicts() throws Exception {
        mvc.perform(asOperator(get("/things/busy")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("thing busy is busy"));
        mvc.perform(asOperator(get("/things/stale")))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void methodNotAllowed() throws Exception {
        mvc.perform(asOperator(put("/things/a")))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void unexpectedErrorsTellNothingAboutInternals() throws Exception {
        mvc.perform(asOperator(get("/things/broken")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(500))
                .andExpect(content().string(not(containsString("secret"))));
    }

    @Test
    void aDatabaseOutageIsServiceUnavailableWithRetryAfterNotAnInternalError() throws Exception {
        mvc.perform(asOperator(get("/things/database-down")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(content().string(not(containsString("secret"))));
    }
}
