package io.sagaengine.operations.admin;

import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaCount;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Bulk pause and unpause over HTTP, the finder and the engine stubbed: the same count, check and loop as the rest. */
@WebMvcTest(controllers = AdminBulkController.class)
@Import(AdminAccess.class)
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class AdminBulkControllerTest {

    private static final UUID FIRST = UUID.fromString("1a0d1a36-0f55-4c7e-9d3a-2a8d1f1f0b11");
    private static final UUID SECOND = UUID.fromString("2b0d1a36-0f55-4c7e-9d3a-2a8d1f1f0b12");
    private static final String BULK = """
            {"filter": %s, "reason": %s, "dryRun": %s, "expectedCount": %s}""";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    AdminSagaFinder finder;
    @MockitoBean
    SagaOperations operations;

    private static MockHttpServletRequestBuilder bulk(String action, String body) {
        return post("/admin/sagas/bulk/" + action).with(user("olga").roles("SUPPORT", "OPERATOR"))
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private void matching(SagaPage.Summary... sagas) {
        when(finder.count(any(), any())).thenReturn(new SagaCount(sagas.length, false));
        when(finder.page(any(), any())).thenReturn(new SagaPage(List.of(sagas), null));
    }

    @Test
    void aDryRunCountsWhatPausingWouldTakeAndChangesNothing() throws Exception {
        matching(running(FIRST, 4, null), running(SECOND, 9, null));

        mvc.perform(bulk("pause", BULK.formatted("{\"type\": \"order\", \"step\": \"payment\"}", "null", true, "null")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.action").value("pause"))
                .andExpect(jsonPath("$.dryRun").value(true))
                .andExpect(jsonPath("$.matched").value(2))
                .andExpect(jsonPath("$.sagas[0].outcome").value("MATCHED"))
                .andExpect(jsonPath("$.sagas[1].version").value(9));
        verifyNoInteractions(operations);
    }

    @Test
    void unpausingEveryPausedSagaActsOnEachWithTheVersionItWasMatchedAt() throws Exception {
        Instant pausedAt = Instant.parse("2030-01-01T10:00:00Z");
        matching(running(FIRST, 4, pausedAt), running(SECOND, 9, pausedAt));
        when(operations.unpause(FIRST, 4, "olga", "provider back, OPS-7"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 6, SagaStatus.RUNNING, "inventory"));
        when(operations.unpause(SECOND, 9, "olga", "provider back, OPS-7"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.STALE_VERSION, 10, SagaStatus.RUNNING, "payment"));

        mvc.perform(bulk("unpause", BULK.formatted("{\"paused\": \"true\"}", "\"  provider back, OPS-7 \"", false,
                        2)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.action").value("unpause"))
                .andExpect(jsonPath("$.applied").value(1))
                .andExpect(jsonPath("$.skipped").value(1))
                .andExpect(jsonPath("$.sagas", hasSize(2)))
                .andExpect(jsonPath("$.sagas[0].outcome").value("APPLIED"))
                .andExpect(jsonPath("$.sagas[0].state").value("inventory"))
                .andExpect(jsonPath("$.sagas[1].outcome").value("STALE_VERSION"));

        ArgumentCaptor<SagaFilter> filter = ArgumentCaptor.forClass(SagaFilter.class);
        verify(finder).count(filter.capture(), any());
        assertThat(filter.getValue().paused()).isTrue();
        verify(operations).unpause(FIRST, 4, "olga", "provider back, OPS-7");
        verify(operations).unpause(SECOND, 9, "olga", "provider back, OPS-7");
    }

    @Test
    void aCountThatChangedSinceTheDryRunOrAFilterOfNothingButNotPausedActsOnNone() throws Exception {
        matching(running(FIRST, 4, null), running(SECOND, 9, null));

        mvc.perform(bulk("pause", BULK.formatted("{\"type\": \"order\", \"stuck\": \"true\"}", "\"hold\"", false, 3)))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.matched").value(2));
        mvc.perform(bulk("pause", BULK.formatted("{\"paused\": \"false\"}", "\"everything\"", false, "null")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("filter"));
        mvc.perform(bulk("pause", BULK.formatted("{\"paused\": \"perhaps\", \"stuck\": \"true\"}", "\"hold\"", false,
                        "null")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("paused"));
        mvc.perform(post("/admin/sagas/bulk/pause").with(user("sam").roles("SUPPORT"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(BULK.formatted("{\"stuck\": \"true\"}", "\"hold\"", false, 2)))
                .andExpect(status().isForbidden());
        verify(operations, never()).pause(any(), anyLong(), anyString(), anyString());
    }

    private static SagaPage.Summary running(UUID id, long version, Instant pausedAt) {
        Instant t = Instant.parse("2030-01-01T09:00:00Z");
        return new SagaPage.Summary(id, "order", SagaStatus.RUNNING, "payment", null, null, version, t, t, t, null,
                null, null, 1, true, pausedAt);
    }
}
