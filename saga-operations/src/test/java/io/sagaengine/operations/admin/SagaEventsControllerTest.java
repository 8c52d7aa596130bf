package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaStatus;
import io.sagaengine.operations.admin.AdminSagaViews.SagaDetail;
import io.sagaengine.service.problem.ProblemDetailsAutoConfiguration;
import io.sagaengine.service.security.ServiceSecurityAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A saga's live stream over HTTP with the admin API's access rules, the engine's reads faked: the saga now and each
 * change (id = version) until it is finished, one version read per check for every followed saga, the cap.
 */
@WebMvcTest(controllers = SagaEventsController.class)
@Import({AdminAccess.class, SagaEventsControllerTest.FakeSagas.class})
@ImportAutoConfiguration({ServiceSecurityAutoConfiguration.class, ProblemDetailsAutoConfiguration.class})
class SagaEventsControllerTest {

    private static final UUID SAGA = UUID.fromString("6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e");
    private static final UUID OTHER = UUID.fromString("0c6c3c55-9c1e-4f7a-8d0e-2b1f1d1e0a01");
    private static final Pattern ID = Pattern.compile("^id:(\\d+)$", Pattern.MULTILINE);
    private static final int CAP = 3;

    @Autowired
    MockMvc mvc;
    @Autowired
    SagaStreams streams;
    @Autowired
    FakeSagas sagas;

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeSagas {
        final Map<UUID, SagaDetail> views = new ConcurrentHashMap<>();
        final List<Set<UUID>> versionReads = new ArrayList<>();
        final List<UUID> viewReads = new ArrayList<>();

        /** Checks only when the test says so. */
        @Bean
        SagaStreams sagaStreams() {
            return new SagaStreams(ids -> {
                versionReads.add(Set.copyOf(ids));
                Map<UUID, Long> versions = new ConcurrentHashMap<>();
                ids.forEach(id -> Optional.ofNullable(views.get(id)).ifPresent(v -> versions.put(id, v.version())));
                return versions;
            }, id -> {
                viewReads.add(id);
                return Optional.ofNullable(views.get(id));
            }, new SagaStreams.Settings(Duration.ofHours(1), CAP, Duration.ofHours(1)));
        }
    }

    @BeforeEach
    void noSagas() {
        streams.endAll();
        sagas.views.clear();
        sagas.versionReads.clear();
        sagas.viewReads.clear();
    }

    private static RequestPostProcessor support() {
        return user("sam").roles("SUPPORT");
    }

    private static SagaDetail saga(UUID id, long version, SagaStatus status, String state) {
        Instant at = Instant.parse("2030-01-01T10:00:00Z").plusSeconds(version);
        return new SagaDetail(id, "order", status, state, null, null, null, version, null, null, at, at, at, null,
                List.of(), List.of(), true, 1, null);
    }

    private MvcResult follow(UUID sagaId) throws Exception {
        return mvc.perform(get("/admin/sagas/{id}/events", sagaId).with(support())
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
    }

    private static List<Long> ids(MvcResult stream) throws Exception {
        Matcher m = ID.matcher(stream.getResponse().getContentAsString());
        List<Long> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    @Test
    void sendsTheSagaNowThenEachChangeWithItsVersionAsIdUntilItIsFinished() throws Exception {
        sagas.views.put(SAGA, saga(SAGA, 3, SagaStatus.RUNNING, "payment"));
        MvcResult stream = follow(SAGA);
        assertThat(stream.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        assertThat(ids(stream)).containsExactly(3L);
        assertThat(stream.getResponse().getContentAsString()).contains("\"state\":\"payment\"");

        streams.check();
        assertThat(ids(stream)).as("nothing changed, nothing sent").containsExactly(3L);
        assertThat(sagas.viewReads).as("and the view was not read again").containsExactly(SAGA);

        sagas.views.put(SAGA, saga(SAGA, 4, SagaStatus.RUNNING, "inventory"));
        streams.check();
        assertThat(ids(stream)).containsExactly(3L, 4L);
        assertThat(stream.getResponse().getContentAsString()).contains("\"state\":\"inventory\"");

        sagas.views.put(SAGA, saga(SAGA, 6, SagaStatus.COMPLETED, "COMPLETED"));
        streams.check();
        assertThat(ids(stream)).containsExactly(3L, 4L, 6L);
        assertThat(streams.subscribers()).as("the stream of a finished saga ends").isZero();

        streams.check();
        assertThat(sagas.versionReads).as("a finished saga is no longer watched").hasSize(3);
    }

    @Test
    void oneVersionReadPerCheckForEveryFollowedSagaAndChangesGoOnlyToTheirSagasStreams() throws Exception {
        sagas.views.put(SAGA, saga(SAGA, 3, SagaStatus.RUNNING, "payment"));
        sagas.views.put(OTHER, saga(OTHER, 7, SagaStatus.COMPENSATING, "payment.compensating"));
        MvcResult first = follow(SAGA);
        MvcResult second = follow(SAGA);
        MvcResult other = follow(OTHER);

        sagas.views.put(SAGA, saga(SAGA, 4, SagaStatus.RUNNING, "inventory"));
        streams.check();

        assertThat(sagas.versionReads).containsExactly(Set.of(SAGA, OTHER));
        assertThat(ids(first)).containsExactly(3L, 4L);
        assertThat(ids(second)).containsExactly(3L, 4L);
        assertThat(ids(other)).containsExactly(7L);
        assertThat(sagas.viewReads).as("one view read per connect, one per change").containsExactly(SAGA, SAGA,
                OTHER, SAGA);
    }

    @Test
    void aFinishedSagaIsSentOnceAndItsStreamEnds() throws Exception {
        sagas.views.put(SAGA, saga(SAGA, 9, SagaStatus.COMPENSATED, "COMPENSATED"));
        MvcResult stream = follow(SAGA);
        assertThat(ids(stream)).containsExactly(9L);
        assertThat(streams.subscribers()).isZero();
        streams.check();
        assertThat(sagas.versionReads).isEmpty();
    }

    @Test
    void anUnknownSagaIsAProblem404() throws Exception {
        mvc.perform(get("/admin/sagas/{id}/events", SAGA).with(support()).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("There is no saga " + SAGA + "."));
        assertThat(streams.subscribers()).isZero();
    }

    @Test
    void overTheCapIsAProblem503AndAClosedStreamFreesItsPlace() throws Exception {
        sagas.views.put(SAGA, saga(SAGA, 3, SagaStatus.RUNNING, "payment"));
        for (int i = 0; i < CAP; i++) {
            follow(SAGA);
        }
        mvc.perform(get("/admin/sagas/{id}/events", SAGA).with(support()).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Too many live streams"))
                .andExpect(jsonPath("$.maxSubscribers").value(CAP));
        assertThat(streams.subscribers()).isEqualTo(CAP);

        sagas.views.put(SAGA, saga(SAGA, 4, SagaStatus.COMPLETED, "COMPLETED"));
        streams.check();
        assertThat(streams.subscribers()).isZero();
        follow(SAGA);
    }

    @Test
    void needsAUser() throws Exception {
        mvc.perform(get("/admin/sagas/{id}/events", SAGA).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized());
        assertThat(sagas.viewReads).isEmpty();
    }
}
