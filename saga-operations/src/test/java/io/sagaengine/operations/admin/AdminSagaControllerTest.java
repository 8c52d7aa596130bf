package io.sagaengine.operations.admin;

import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaCensus;
import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.SagaOverview;
import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The admin API over HTTP with its access rules, the engine stubbed: parameters, conditions and problem answers. */
@WebMvcTest(controllers = {AdminSagaController.class, AdminOverviewController.class})
@Import({AdminAccess.class, AdminReads.SettingsConfiguration.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class AdminSagaControllerTest {

    private static final UUID SAGA = UUID.fromString("6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e");
    private static final String REASON = "{\"reason\": \"  payment provider fixed, OPS-42  \"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @MockitoBean
    SagaQueries queries;
    @MockitoBean
    SagaOperations operations;
    @MockitoBean
    AdminSagaFinder finder;
    @MockitoBean
    SagaTypesHere typesHere;
    @MockitoBean
    SagaCensus census;
    @MockitoBean
    AdminReads reads;

    /** The reads run as they are (their transaction and timeout are the integration tests'). */
    @BeforeEach
    void readsRunAsTheyAre() {
        when(reads.read(any())).thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
        when(finder.overview(any(), any())).thenReturn(new SagaOverview(List.of(), List.of(), null));
    }

    private static RequestPostProcessor support() {
        return user("sam").roles("SUPPORT");
    }

    private static RequestPostProcessor operator() {
        return user("olga").roles("SUPPORT", "OPERATOR");
    }

    private static MockHttpServletRequestBuilder retry(String ifMatch, String body) {
        MockHttpServletRequestBuilder request = post("/admin/sagas/{id}/retry", SAGA)
                .contentType(MediaType.APPLICATION_JSON).content(body);
        return ifMatch == null ? request : request.header("If-Match", ifMatch);
    }

    // listing

    @Test
    void listsWithDefaultsAndSaysWhyEachStuckSagaIsStuck() throws Exception {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        Instant justNow = Instant.now();
        when(queries.list(any())).thenReturn(new SagaPage(List.of(
                summary(SagaStatus.NEEDS_ATTENTION, "NEEDS_ATTENTION", SagaEvent.COMPENSATION_FAILED,
                        "step payment: no reply to its compensation after 2 sends", longAgo),
                summary(SagaStatus.NEEDS_ATTENTION, "NEEDS_ATTENTION", SagaEvent.PARK,
                        "handling reply ShipmentScheduled failed 3 times", justNow),
                summary(SagaStatus.RUNNING, "payment", null, null, longAgo),
                summary(SagaStatus.COMPENSATING, "payment.compensating", null, null, justNow),
                summary(SagaStatus.COMPLETED, "COMPLETED", null, null, longAgo)), "next-page"));

        mvc.perform(get("/admin/sagas").with(support()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.items", hasSize(5)))
                .andExpect(jsonPath("$.nextCursor").value("next-page"))
                .andExpect(jsonPath("$.items[0].stuckKind").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.items[0].stuckReason")
                        .value("NEEDS_ATTENTION: step payment: no reply to its compensation after 2 sends"))
                .andExpect(jsonPath("$.items[0].parkedBy").value("COMPENSATION_FAILED"))
                .andExpect(jsonPath("$.items[1].stuckKind").value("PARKED"))
                .andExpect(jsonPath("$.items[1].stuckReason").value("PARKED: handling reply ShipmentScheduled failed 3 times"))
                .andExpect(jsonPath("$.items[2].stuckKind").value("NO_PROGRESS"))
                .andExpect(jsonPath("$.items[2].stuckReason").value("NO_PROGRESS_SINCE " + longAgo))
                .andExpect(jsonPath("$.items[3].stuckReason").doesNotExist())
                .andExpect(jsonPath("$.items[4].stuckReason").doesNotExist())
                .andExpect(jsonPath("$.items[0].version").value(4));

        ArgumentCaptor<SagaSearch> search = ArgumentCaptor.forClass(SagaSearch.class);
        verify(queries).list(search.capture());
        assertThat(search.getValue()).isEqualTo(new SagaSearch(null, false, Duration.ofMinutes(5), 50, null));
    }

    @Test
    void passesEveryParameterOn() throws Exception {
        when(queries.list(any())).thenReturn(new SagaPage(List.of(), null));

        mvc.perform(get("/admin/sagas").with(operator()).param("status", "needs_attention").param("stuck", "TRUE")
                        .param("olderThan", "PT30S").param("limit", "500").param("cursor", "MjAzMC0wMS0wMQ")
                        .param("type", " order "))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items", hasSize(0)))
                .andExpect(jsonPath("$.nextCursor").isEmpty());

        ArgumentCaptor<SagaSearch> search = ArgumentCaptor.forClass(SagaSearch.class);
        verify(queries).list(search.capture());
        assertThat(search.getValue()).isEqualTo(new SagaSearch(SagaStatus.NEEDS_ATTENTION, true,
                Duration.ofSeconds(30), 500, "MjAzMC0wMS0wMQ", "order"));
    }

    @Test
    void listsEveryBadParameterInOneProblem() throws Exception {
        mvc.perform(get("/admin/sagas").with(support()).param("status", "STUCK").param("stuck", "yes")
                        .param("olderThan", "5 minutes").param("limit", "501").param("cursor", "not a cursor!")
                        .param("type", "t".repeat(101)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors", hasSize(6)))
                .andExpect(jsonPath("$.errors[*].field",
                        containsInAnyOrder("status", "stuck", "olderThan", "limit", "cursor", "type")));
        verifyNoInteractions(queries);
    }

    @Test
    void refusesLimitsAndThresholdsOutOfRange() throws Exception {
        for (String[] bad : new String[][]{{"limit", "0"}, {"limit", "-3"}, {"limit", "ten"}, {"olderThan", "-PT1M"},
                {"olderThan", "P4000D"}}) {
            mvc.perform(get("/admin/sagas").with(support()).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value(bad[0]));
        }
        verifyNoInteractions(queries);
    }

    @Test
    void aCursorTheQueriesDoNotKnowIsABadRequest() throws Exception {
        when(queries.list(any())).thenThrow(new IllegalArgumentException("malformed cursor"));

        mvc.perform(get("/admin/sagas").with(support()).param("cursor", "Zm9v"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    }

    @Test
    void listsTheSagasOfTypesThisBuildDoesNotDefineAndSaysWhichOnesItDefines() throws Exception {
        when(typesHere.defines("order")).thenReturn(true);
        SagaPage.Summary newer = new SagaPage.Summary(UUID.randomUUID(), "refund-v2", SagaStatus.RUNNING, "refund",
                null, null, 2, Instant.now(), Instant.now(), Instant.now(), null, null, null);
        when(finder.page(any(), any())).thenReturn(new SagaPage(List.of(newer), null));

        mvc.perform(get("/admin/sagas").with(support()).param("definedHere", "false"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].type").value("refund-v2"))
                .andExpect(jsonPath("$.items[0].definedHere").value(false));

        ArgumentCaptor<SagaFilter> filter = ArgumentCaptor.forClass(SagaFilter.class);
        verify(finder).page(filter.capture(), any());
        assertThat(filter.getValue().definedHere()).isFalse();
        verifyNoInteractions(queries);

        when(queries.list(any())).thenReturn(new SagaPage(List.of(summary(SagaStatus.RUNNING, "payment", null, null,
                Instant.now())), null));
        mvc.perform(get("/admin/sagas").with(support()))
                .andExpect(jsonPath("$.items[0].definedHere").value(true));
        mvc.perform(get("/admin/sagas").with(support()).param("definedHere", "no"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("definedHere"));
    }

    @Test
    void listsPausedSagasWithWhenTheyWerePausedAndTheDefinitionVersionTheyRunOn() throws Exception {
        when(typesHere.defines("order")).thenReturn(true);
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        Instant pausedAt = longAgo.plusSeconds(60);
        SagaPage.Summary paused = new SagaPage.Summary(UUID.randomUUID(), "order", SagaStatus.RUNNING, "payment",
                null, null, 6, longAgo, pausedAt, longAgo, null, null, null, 2, true, pausedAt);
        SagaPage.Summary olderVersion = new SagaPage.Summary(UUID.randomUUID(), "order", SagaStatus.RUNNING,
                "payment", null, null, 3, longAgo, longAgo, longAgo, null, null, null, 7, false, null);
        when(queries.list(any())).thenReturn(new SagaPage(List.of(paused, olderVersion), null));

        mvc.perform(get("/admin/sagas").with(support()).param("stuck", "false").param("paused", " TRUE "))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].pausedAt").value(pausedAt.toString()))
                .andExpect(jsonPath("$.items[0].definitionVersion").value(2))
                .andExpect(jsonPath("$.items[0].definedHere").value(true))
                .andExpect(jsonPath("$.items[0].stuckReason").doesNotExist())
                .andExpect(jsonPath("$.items[1].pausedAt").isEmpty())
                .andExpect(jsonPath("$.items[1].definitionVersion").value(7))
                .andExpect(jsonPath("$.items[1].definedHere").value(false)) // its type is defined here, its version is not
                .andExpect(jsonPath("$.items[1].stuckKind").value("NO_PROGRESS"));

        ArgumentCaptor<SagaSearch> search = ArgumentCaptor.forClass(SagaSearch.class);
        verify(queries).list(search.capture());
        assertThat(search.getValue()).isEqualTo(new SagaSearch(null, false, Duration.ofMinutes(5), 50, null)
                .paused(true));
    }

    @Test
    void thePausedFilterReachesTheFinderWithTheOthersAndMustBeTrueOrFalse() throws Exception {
        when(finder.page(any(), any())).thenReturn(new SagaPage(List.of(), null));

        mvc.perform(get("/admin/sagas").with(support()).param("step", "payment").param("paused", "false"))
                .andExpect(status().isOk());
        ArgumentCaptor<SagaFilter> filter = ArgumentCaptor.forClass(SagaFilter.class);
        verify(finder).page(filter.capture(), any());
        assertThat(filter.getValue().paused()).isFalse();
        assertThat(AdminSagaFinder.criteria(filter.getValue(), Instant.now()).paused()).isFalse();

        mvc.perform(get("/admin/sagas").with(support()).param("paused", "maybe"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("paused"));
        verifyNoInteractions(queries);
    }

    @Test
    void consolesRefreshingTogetherReadTheOverviewOnceWithinItsCacheTtl() throws Exception {
        when(finder.overview(any(), any())).thenReturn(new SagaOverview(
                List.of(new SagaOverview.Count("order", SagaStatus.RUNNING, 3)), List.of(), null));

        for (int tab = 0; tab < 5; tab++) {
            mvc.perform(get("/admin/overview").with(support()).param("olderThan", "PT7M"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.sagas[0].count").value(3));
        }
        mvc.perform(get("/admin/overview").with(support()).param("olderThan", "PT8M")).andExpect(status().isOk());

        // six requests, two thresholds (each its own numbers): two reads
        verify(finder, times(2)).overview(any(), any());
        verify(census, times(2)).undefinedTypes();
    }

    @Test
    void theOverviewListsTheTypesThisBuildDoesNotDefineWithTheirSagasInFlightAndHeldReplies() throws Exception {
        when(census.undefinedTypes()).thenReturn(List.of(new SagaCensus.UndefinedType("refund-v2", 3, 2),
                new SagaCensus.UndefinedType("retired", 0, 1)));

        mvc.perform(get("/admin/overview").with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.undefinedTypes", hasSize(2)))
                .andExpect(jsonPath("$.undefinedTypes[0].type").value("refund-v2"))
                .andExpect(jsonPath("$.undefinedTypes[0].inFlight").value(3))
                .andExpect(jsonPath("$.undefinedTypes[0].heldReplies").value(2))
                .andExpect(jsonPath("$.undefinedTypes[1].type").value("retired"))
                .andExpect(jsonPath("$.undefinedTypes[1].heldReplies").value(1));
    }

    // reading one

    @Test
    void aSagaOfATypeThisBuildDoesNotDefineIsShownWithItsHeldReply() throws Exception {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        UUID held = UUID.randomUUID();
        when(queries.find(SAGA)).thenReturn(Optional.of(new SagaView(SAGA, "refund-v2", SagaStatus.RUNNING, "refund",
                List.of(), t0, t0, 0, JSON.readTree("{}"), t0.plusSeconds(10), null, null, t0, null, List.of(
                new TimelineEntry(1, t0, TimelineEntry.Kind.REPLY_HELD, null, null, null, null, held, "Refunded", null,
                        UUID.randomUUID(), JSON.readTree("{\"amount\": \"1.00\"}"), null,
                        "saga type refund-v2 is not defined by this build: the reply is held for an instance whose "
                                + "build defines it")))));

        mvc.perform(get("/admin/sagas/{id}", SAGA).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.type").value("refund-v2"))
                .andExpect(jsonPath("$.definedHere").value(false))
                .andExpect(jsonPath("$.timeline[0].kind").value("REPLY_HELD"))
                .andExpect(jsonPath("$.timeline[0].messageId").value(held.toString()))
                .andExpect(jsonPath("$.timeline[0].payload.amount").value("1.00"));
    }

    @Test
    void aPausedSagaSaysSinceWhenAndOnWhichDefinitionVersionItRuns() throws Exception {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        when(typesHere.defines("order")).thenReturn(true);
        when(queries.find(SAGA)).thenReturn(Optional.of(new SagaView(SAGA, "order", SagaStatus.RUNNING, "payment",
                List.of(), t0, t0.plusSeconds(5), 5, JSON.readTree("{}"), null, null, null, t0, null, List.of(), 3,
                true, t0.plusSeconds(5))));

        mvc.perform(get("/admin/sagas/{id}", SAGA).with(support()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pausedAt").value("2030-01-01T10:00:05Z"))
                .andExpect(jsonPath("$.definitionVersion").value(3))
                .andExpect(jsonPath("$.definedHere").value(true));

        when(queries.find(SAGA)).thenReturn(Optional.of(new SagaView(SAGA, "order", SagaStatus.RUNNING, "payment",
                List.of(), t0, t0, 5, JSON.readTree("{}"), null, null, null, t0, null, List.of(), 4, false, null)));
        mvc.perform(get("/admin/sagas/{id}", SAGA).with(support()))
                .andExpect(jsonPath("$.pausedAt").isEmpty())
                .andExpect(jsonPath("$.definitionVersion").value(4))
                .andExpect(jsonPath("$.definedHere").value(false)); // a version this build does not define
    }

    @Test
    void showsTheSagaWithItsDataDeadlineVersionAndTimeline() throws Exception {
        when(queries.find(SAGA)).thenReturn(Optional.of(view()));

        mvc.perform(get("/admin/sagas/{id}", SAGA).with(support()))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"7\""))
                .andExpect(jsonPath("$.sagaId").value(SAGA.toString()))
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.status").value("NEEDS_ATTENTION"))
                .andExpect(jsonPath("$.parkedState").value("payment.compensating"))
                .andExpect(jsonPath("$.parkedBy").value("COMPENSATION_FAILED"))
                .andExpect(jsonPath("$.data.orderId").value("o-1"))
                .andExpect(jsonPath("$.deadlineAt").value("2030-01-01T10:00:09Z"))
                .andExpect(jsonPath("$.steps[0].requestId").isNotEmpty())
                .andExpect(jsonPath("$.timeline", hasSize(4)))
                .andExpect(jsonPath("$.timeline[0].kind").value("TRANSITION"))
                .andExpect(jsonPath("$.timeline[0].from").value("payment"))
                .andExpect(jsonPath("$.timeline[0].to").value("payment.compensating"))
                .andExpect(jsonPath("$.timeline[0].event").value("STEP_FAILED"))
                .andExpect(jsonPath("$.timeline[0].messageId").doesNotExist())
                .andExpect(jsonPath("$.timeline[1].kind").value("COMMAND_SENT"))
                .andExpect(jsonPath("$.timeline[1].messageType").value("RefundPayment"))
                .andExpect(jsonPath("$.timeline[1].payload.amount").value("39.98"))
                .andExpect(jsonPath("$.timeline[1].at").value("2030-01-01T10:00:01Z"))
                .andExpect(jsonPath("$.timeline[3].kind").value("OPERATOR_ACTION"))
                .andExpect(jsonPath("$.timeline[3].actor").value("olga"))
                .andExpect(jsonPath("$.timeline[3].reason").value("why not"));
    }

    @Test
    void anUnknownOrMalformedSagaIdIsAProblem() throws Exception {
        when(queries.find(any())).thenReturn(Optional.empty());
        mvc.perform(get("/admin/sagas/{id}", UUID.randomUUID()).with(support()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/admin/sagas/not-a-uuid").with(support()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    // acting

    @Test
    void anAppliedActionAnswersTheNewVersionAndRecordsWhoAndWhy() throws Exception {
        when(operations.retry(SAGA, 7, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 8, SagaStatus.COMPENSATING,
                        "payment.compensating"));

        mvc.perform(retry("\"7\"", REASON).with(operator()))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"8\""))
                .andExpect(jsonPath("$.sagaId").value(SAGA.toString()))
                .andExpect(jsonPath("$.action").value("retry"))
                .andExpect(jsonPath("$.version").value(8))
                .andExpect(jsonPath("$.status").value("COMPENSATING"))
                .andExpect(jsonPath("$.state").value("payment.compensating"));
        verify(operations).retry(SAGA, 7, "olga", "payment provider fixed, OPS-42");
    }

    @Test
    void pauseAndUnpauseAreActionsLikeTheOthersWithWhoWhyAndTheVersion() throws Exception {
        when(operations.pause(SAGA, 7, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 8, SagaStatus.RUNNING, "payment"));
        when(operations.unpause(SAGA, 8, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 10, SagaStatus.RUNNING, "inventory"));

        mvc.perform(post("/admin/sagas/{id}/pause", SAGA).with(operator()).header("If-Match", "\"7\"")
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"8\""))
                .andExpect(jsonPath("$.action").value("pause"))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.state").value("payment"))
                .andExpect(jsonPath("$.version").value(8));
        mvc.perform(post("/admin/sagas/{id}/unpause", SAGA).with(operator()).header("If-Match", "8")
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"10\""))
                .andExpect(jsonPath("$.action").value("unpause"))
                .andExpect(jsonPath("$.state").value("inventory"))
                .andExpect(jsonPath("$.version").value(10));
        verify(operations).pause(SAGA, 7, "olga", "payment provider fixed, OPS-42");
        verify(operations).unpause(SAGA, 8, "olga", "payment provider fixed, OPS-42");

        when(operations.unpause(SAGA, 10, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.NOT_ALLOWED, 10, SagaStatus.RUNNING, "inventory"));
        mvc.perform(post("/admin/sagas/{id}/unpause", SAGA).with(operator()).header("If-Match", "10")
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", startsWith("An unpause does not apply to a saga that is RUNNING")));
        mvc.perform(post("/admin/sagas/{id}/pause", SAGA).with(operator())
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isPreconditionRequired());
        mvc.perform(post("/admin/sagas/{id}/pause", SAGA).with(operator()).header("If-Match", "8")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
    }

    @Test
    void theVersionMayBeAPlainNumberOrTheQuotedETag() throws Exception {
        when(operations.compensate(eq(SAGA), anyLong(), anyString(), anyString()))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 13, SagaStatus.COMPENSATING, "x"));
        when(operations.resume(eq(SAGA), anyLong(), anyString(), anyString()))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 13, SagaStatus.RUNNING, "x"));

        mvc.perform(post("/admin/sagas/{id}/compensate", SAGA).with(operator()).header("If-Match", "12")
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isOk());
        mvc.perform(post("/admin/sagas/{id}/resume", SAGA).with(operator()).header("If-Match", " \"12\" ")
                        .contentType(MediaType.APPLICATION_JSON).content(REASON))
                .andExpect(status().isOk());
        verify(operations).compensate(eq(SAGA), eq(12L), eq("olga"), anyString());
        verify(operations).resume(eq(SAGA), eq(12L), eq("olga"), anyString());
    }

    @Test
    void anActionWithoutIfMatchIsPreconditionRequired() throws Exception {
        mvc.perform(retry(null, REASON).with(operator()))
                .andExpect(status().isPreconditionRequired())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(428));
        verifyNoInteractions(operations);
    }

    @Test
    void anIfMatchThatNamesNoSingleVersionIsABadRequest() throws Exception {
        for (String bad : List.of("W/\"7\"", "*", "\"7\", \"8\"", "seven", "\"7", "-1", "99999999999999999999")) {
            mvc.perform(retry(bad, REASON).with(operator()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
        }
        verifyNoInteractions(operations);
    }

    @Test
    void theReasonIsRequiredNotBlankAndAtMost500Characters() throws Exception {
        for (String body : List.of("{}", "{\"reason\": null}", "{\"reason\": \"   \"}",
                JSON.writeValueAsString(java.util.Map.of("reason", "x".repeat(501))))) {
            mvc.perform(retry("7", body).with(operator()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
        }
        mvc.perform(retry("7", "").with(operator()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(retry("7", "{\"reason\": ").with(operator()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/admin/sagas/{id}/retry", SAGA).with(operator()).header("If-Match", "7")
                        .contentType(MediaType.TEXT_PLAIN).content("because"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(operations);
    }

    @Test
    void aReasonOf500CharactersIsAccepted() throws Exception {
        String reason = "x".repeat(500);
        when(operations.retry(SAGA, 7, "olga", reason))
                .thenReturn(new OperatorResult(OperatorResult.Kind.APPLIED, 8, SagaStatus.RUNNING, "payment"));
        mvc.perform(retry("7", JSON.writeValueAsString(java.util.Map.of("reason", reason))).with(operator()))
                .andExpect(status().isOk());
    }

    @Test
    void aStaleVersionIsPreconditionFailedWithTheCurrentVersion() throws Exception {
        when(operations.retry(SAGA, 6, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.STALE_VERSION, 7, SagaStatus.RUNNING, "payment"));

        mvc.perform(retry("6", REASON).with(operator()))
                .andExpect(status().isPreconditionFailed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(412))
                .andExpect(jsonPath("$.version").value(7));
    }

    @Test
    void anActionTheStateDoesNotAllowIsAConflict() throws Exception {
        when(operations.retry(SAGA, 9, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.NOT_ALLOWED, 9, SagaStatus.COMPLETED, "COMPLETED"));

        mvc.perform(retry("9", REASON).with(operator()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.sagaStatus").value("COMPLETED"))
                .andExpect(jsonPath("$.version").value(9))
                .andExpect(jsonPath("$.detail", startsWith("A retry does not apply to a saga that is COMPLETED")));
    }

    @Test
    void anActionOnASagaOfATypeThisBuildDoesNotDefineIsAConflictThatSaysSo() throws Exception {
        when(operations.retry(SAGA, 4, "olga", "payment provider fixed, OPS-42"))
                .thenReturn(new OperatorResult(OperatorResult.Kind.TYPE_NOT_DEFINED, 4, SagaStatus.RUNNING, "refund"));
        when(finder.typeOf(SAGA)).thenReturn(Optional.of("refund-v2"));

        mvc.perform(retry("4", REASON).with(operator()))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.sagaType").value("refund-v2"))
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(jsonPath("$.detail", startsWith("This build does not define saga type refund-v2")));
    }

    @Test
    void anActionOnAnUnknownSagaIsNotFound() throws Exception {
        when(operations.retry(any(), anyLong(), anyString(), anyString())).thenReturn(new OperatorResult(
                OperatorResult.Kind.NOT_FOUND, -1, null, null));

        mvc.perform(retry("1", REASON).with(operator()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    // access

    @Test
    void withoutCredentialsEverythingIsUnauthorized() throws Exception {
        mvc.perform(get("/admin/sagas"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(retry("7", REASON))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(queries, operations);
    }

    @Test
    void supportStaffMayReadButNotAct() throws Exception {
        when(queries.find(SAGA)).thenReturn(Optional.of(view()));
        mvc.perform(get("/admin/sagas/{id}", SAGA).with(support())).andExpect(status().isOk());
        for (String action : List.of("retry", "compensate", "resume", "pause", "unpause")) {
            mvc.perform(post("/admin/sagas/{id}/" + action, SAGA).with(support()).header("If-Match", "7")
                            .contentType(MediaType.APPLICATION_JSON).content(REASON))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(operations, never()).retry(any(), anyLong(), anyString(), anyString());
        verifyNoInteractions(operations);
    }

    @Test
    void aUserWithoutEitherRoleMayNotRead() throws Exception {
        mvc.perform(get("/admin/sagas").with(user("eve").roles("GUEST")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    private static SagaPage.Summary summary(SagaStatus status, String state, SagaEvent parkedBy, String lastError,
                                            Instant progressedAt) {
        return new SagaPage.Summary(UUID.randomUUID(), "order", status, state,
                status == SagaStatus.NEEDS_ATTENTION ? "payment.compensating" : null, null, 4,
                progressedAt.minusSeconds(5), progressedAt, progressedAt, null, lastError, parkedBy);
    }

    private static SagaView view() {
        Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
        List<TimelineEntry> timeline = List.of(
                new TimelineEntry(1, t0, TimelineEntry.Kind.TRANSITION, null, "payment", "payment.compensating",
                        "STEP_FAILED", null, null, null, null, null, null, "PAYMENT_DECLINED"),
                new TimelineEntry(2, t0.plusSeconds(1), TimelineEntry.Kind.COMMAND_SENT, "payment", null, null, null,
                        UUID.randomUUID(), "RefundPayment", null, UUID.randomUUID(),
                        JSON.readTree("{\"amount\": \"39.98\"}"), null, "compensation, send 1"),
                new TimelineEntry(3, t0.plusSeconds(3), TimelineEntry.Kind.TRANSITION, null, "payment.compensating",
                        "NEEDS_ATTENTION", "COMPENSATION_FAILED", null, null, null, null, null, null, "no reply"),
                new TimelineEntry(4, t0.plusSeconds(4), TimelineEntry.Kind.OPERATOR_ACTION, null, null, null,
                        "OPERATOR_RESUME", null, null, null, null, null, "olga", "why not"));
        return new SagaView(SAGA, "order", SagaStatus.NEEDS_ATTENTION, "NEEDS_ATTENTION",
                List.of(new SagaView.StepView("payment", StepStatus.COMPENSATION_FAILED, 2, UUID.randomUUID(), 1, 2,
                        "no reply")),
                t0, t0.plusSeconds(4), 7, JSON.readTree("{\"orderId\": \"o-1\"}"), t0.plusSeconds(9),
                "payment.compensating", "PAYMENT_DECLINED", t0.plusSeconds(3), "no reply", timeline);
    }
}
