package io.sagaengine.orchestrator.order;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.orchestrator.admission.OrderAdmission;
import io.sagaengine.orchestrator.admission.TestAdmission;
import io.sagaengine.outbox.listener.ServiceReadiness;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** An order refused by admission control: a 503 problem before the body is read or the database touched. */
@WebMvcTest(controllers = OrderController.class, properties = "orders.max-body-size=1KB")
@Import({OrderPlacement.class, OrderWaiters.class, OrderVersions.class, OrderApiConfiguration.class, OpenOrchestratorApi.class,
        OrderControllerTest.RecordingSagaStarter.class, AdmissionRefusalTest.Overloaded.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class AdmissionRefusalTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Overloaded {
        final MeterRegistry meters = new SimpleMeterRegistry();

        @Bean
        OrderAdmission refusingAdmission() {
            return TestAdmission.refusingForReplyLag(meters);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return meters;
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Overloaded overloaded;
    @Autowired
    OrderControllerTest.RecordingSagaStarter sagas;
    @MockitoBean
    OrderRepository repository;
    @MockitoBean
    OrderEvents events;
    @MockitoBean
    PlatformTransactionManager transactionManager;
    @MockitoBean
    ServiceReadiness readiness;

    @Test
    void anOverloadedInstanceRefusesWith503RetryAfterAndTheReasonBeforeReadingTheBodyOrTheDatabase() throws Exception {
        // not JSON and over the body limit: read or parsed, this would be 415 or 413
        mvc.perform(post("/orders").contentType(MediaType.TEXT_PLAIN).header("Idempotency-Key", "k-overloaded")
                        .content("x".repeat(4096)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.title").value("Too busy"))
                .andExpect(jsonPath("$.reason").value("reply-lag"));

        verifyNoInteractions(repository, transactionManager);
        assertThat(sagas.started).isEmpty();
        assertThat(overloaded.meters.counter("orders.admission.refused", "reason", "reply-lag").count())
                .isEqualTo(1);
    }
}
