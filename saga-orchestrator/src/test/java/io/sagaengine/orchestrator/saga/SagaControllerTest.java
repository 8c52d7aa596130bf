package io.sagaengine.orchestrator.saga;

import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** GET /sagas/{sagaId} over HTTP, with the queries stubbed (access rules are the application's: tested end to end). */
@WebMvcTest(controllers = SagaController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(SagaControllerTest.Sagas.class)
@ImportAutoConfiguration(ProblemDetailsAutoConfiguration.class)
class SagaControllerTest {

    static final UUID KNOWN = UUID.fromString("6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e");

    @TestConfiguration(proxyBeanMethods = false)
    static class Sagas {
        @Bean
        SagaQueries sagaQueries() {
            SagaView view = new SagaView(KNOWN, "order", SagaStatus.COMPENSATING, "payment.compensating",
                    List.of(new SagaView.StepView("payment", StepStatus.COMPENSATING, 2, UUID.randomUUID(), 1, 2, null),
                            new SagaView.StepView("inventory", StepStatus.FAILED, 1, UUID.randomUUID(), 1, 0,
                                    "OUT_OF_STOCK"),
                            new SagaView.StepView("shipping", StepStatus.PENDING, 0, null, 0, 0, null)),
                    Instant.parse("2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T10:00:05.123456Z"), 7,
                    null, null, null, "OUT_OF_STOCK", null, null, List.of());
            Map<UUID, SagaView> sagas = Map.of(KNOWN, view);
            return new SagaQueries() {
                @Override
                public Optional<SagaView> find(UUID sagaId) {
                    return Optional.ofNullable(sagas.get(sagaId));
                }

                @Override
                public SagaPage list(SagaSearch search) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void showsWhereTheSagaStands() throws Exception {
        mvc.perform(get("/sagas/{id}", KNOWN))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.sagaId").value(KNOWN.toString()))
                .andExpect(jsonPath("$.type").value("order"))
                .andExpect(jsonPath("$.status").value("COMPENSATING"))
                .andExpect(jsonPath("$.state").value("payment.compensating"))
                .andExpect(jsonPath("$.steps", hasSize(3)))
                .andExpect(jsonPath("$.steps[0].name").value("payment"))
                .andExpect(jsonPath("$.steps[0].status").value("COMPENSATING"))
                .andExpect(jsonPath("$.steps[0].attempts").value(2))
                .andExpect(jsonPath("$.steps[1].status").value("FAILED"))
                .andExpect(jsonPath("$.steps[2].attempts").value(0))
                .andExpect(jsonPath("$.startedAt").value("2030-01-01T10:00:00Z"))
                .andExpect(jsonPath("$.updatedAt").value("2030-01-01T10:00:05.123456Z"))
                .andExpect(jsonPath("$.version").doesNotExist())
                .andExpect(jsonPath("$.steps[0].requestId").doesNotExist());
    }

    @Test
    void anUnknownSagaIsANotFoundProblem() throws Exception {
        mvc.perform(get("/sagas/{id}", UUID.randomUUID()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void aMalformedIdIsABadRequestProblem() throws Exception {
        mvc.perform(get("/sagas/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
    }
}
