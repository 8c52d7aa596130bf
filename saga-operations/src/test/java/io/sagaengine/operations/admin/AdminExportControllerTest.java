package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaTimelineExport;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.engine.TimelineEntry;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The timeline export over HTTP with its access rules, the engine's queries stubbed. */
@WebMvcTest(controllers = AdminExportController.class)
@Import({AdminAccess.class, AdminReads.SettingsConfiguration.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class AdminExportControllerTest {

    private static final UUID SAGA = UUID.fromString("6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e");
    private static final UUID OTHER = UUID.fromString("7c2f4f1e-3f5c-4b9e-8a68-4e9f1c2d3e4f");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SagaQueries queries;
    @MockitoBean
    AdminReads reads;

    @BeforeEach
    void readsRunAsTheyAre() {
        when(reads.read(any())).thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
    }

    @Test
    void supportStaffExportASagasTimelineInTheEnginesStableForm() throws Exception {
        SagaView saga = view(SAGA);
        when(queries.find(SAGA)).thenReturn(Optional.of(saga));

        String body = mvc.perform(get("/admin/sagas/{id}/export", SAGA).with(user("sam").roles("SUPPORT")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.format").value(SagaTimelineExport.FORMAT))
                .andExpect(jsonPath("$.sagaId").value(SAGA.toString()))
                .andExpect(jsonPath("$.definitionVersion").value(2))
                .andExpect(jsonPath("$.timeline[1].messageType").value("ChargePayment"))
                .andReturn().getResponse().getContentAsString();

        assertThat(SagaTimelineExport.fromJson(body)).as("what the replayer reads back").singleElement()
                .satisfies(read -> assertThat(read.toJson()).isEqualTo(SagaTimelineExport.of(saga).toJson()));
    }

    @Test
    void anUnknownSagaIsNotFound() throws Exception {
        when(queries.find(SAGA)).thenReturn(Optional.empty());
        mvc.perform(get("/admin/sagas/{id}/export", SAGA).with(user("sam").roles("SUPPORT")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aPageOfExportsCarriesTheNextCursorInItsHeader() throws Exception {
        when(queries.list(any())).thenReturn(new SagaPage(List.of(summary(SAGA), summary(OTHER)), "next-page"));
        when(queries.find(SAGA)).thenReturn(Optional.of(view(SAGA)));
        when(queries.find(OTHER)).thenReturn(Optional.empty()); // purged between the listing and its read

        String body = mvc.perform(get("/admin/sagas/export?type=order&status=RUNNING&limit=2&cursor=abc")
                        .with(user("olga").roles("OPERATOR")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(header().string(AdminExportController.NEXT_CURSOR, "next-page"))
                .andReturn().getResponse().getContentAsString();

        assertThat(SagaTimelineExport.fromJson(body)).extracting(SagaTimelineExport::sagaId).containsExactly(SAGA);
        ArgumentCaptor<SagaSearch> search = ArgumentCaptor.forClass(SagaSearch.class);
        verify(queries).list(search.capture());
        assertThat(search.getValue()).isEqualTo(new SagaSearch(SagaStatus.RUNNING, false, Duration.ZERO, 2, "abc")
                .ofType("order"));
    }

    @Test
    void theLastPageHasNoNextCursor() throws Exception {
        when(queries.list(any())).thenReturn(new SagaPage(List.of(), null));
        mvc.perform(get("/admin/sagas/export").with(user("sam").roles("SUPPORT")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(AdminExportController.NEXT_CURSOR))
                .andExpect(content().json("[]"));
        ArgumentCaptor<SagaSearch> search = ArgumentCaptor.forClass(SagaSearch.class);
        verify(queries).list(search.capture());
        assertThat(search.getValue().limit()).isEqualTo(AdminExportController.DEFAULT_LIMIT);
    }

    @Test
    void badParametersAreProblemsAndAPageIsBounded() throws Exception {
        for (String query : List.of("limit=" + (AdminExportController.MAX_LIMIT + 1), "limit=0", "status=LOST",
                "type=a%20b", "cursor=%2F%2F")) {
            mvc.perform(get("/admin/sagas/export?" + query).with(user("sam").roles("SUPPORT")))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
        }
        verifyNoInteractions(queries);
    }

    @Test
    void exportsNeedSupportOrOperator() throws Exception {
        mvc.perform(get("/admin/sagas/{id}/export", SAGA)).andExpect(status().isUnauthorized());
        mvc.perform(get("/admin/sagas/export").with(user("eve").roles("GUEST"))).andExpect(status().isForbidden());
        verifyNoInteractions(queries);
    }

    private static SagaPage.Summary summary(UUID sagaId) {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        return new SagaPage.Summary(sagaId, "order", SagaStatus.RUNNING, "payment", null, null, 3, t0, t0, t0,
                null, null, null);
    }

    private static SagaView view(UUID sagaId) {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(1, t0, TimelineEntry.Kind.TRANSITION, null, null, "payment", "START", null, null,
                        null, null, null, null, null),
                new TimelineEntry(2, t0, TimelineEntry.Kind.COMMAND_SENT, "payment", null, null, null,
                        UUID.randomUUID(), "ChargePayment", null, UUID.randomUUID(),
                        JSON.readTree("{\"amount\": \"10.00\"}"), null, null));
        return new SagaView(sagaId, "order", SagaStatus.RUNNING, "payment",
                List.of(new SagaView.StepView("payment", StepStatus.RUNNING, 1, UUID.randomUUID(), 1, 0, null)),
                t0, t0, 3, JSON.readTree("{\"orderId\": \"o-1\"}"), t0.plusSeconds(60), null, null, t0, null,
                timeline, 2, true, null);
    }
}
