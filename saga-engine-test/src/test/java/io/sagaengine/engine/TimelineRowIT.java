package io.sagaengine.engine;

import io.sagaengine.engine.TestSaga.AOk;
import io.sagaengine.engine.TestSaga.BNo;
import io.sagaengine.engine.TestSaga.BOk;
import io.sagaengine.engine.TestSaga.COk;
import io.sagaengine.engine.TestSaga.Data;
import io.sagaengine.engine.TestSaga.DoA;
import io.sagaengine.engine.TestSaga.DoB;
import io.sagaengine.engine.TestSaga.DoC;
import io.sagaengine.engine.TestSaga.UndoA;
import io.sagaengine.engine.TimelineEntry.Kind;
import io.sagaengine.outbox.DeadLetters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the engine stores a saga on the real PostgreSQL: one timeline row per transition, carrying the reply that
 * caused it and the commands it sent, read back as the same entries as the separate rows older builds wrote (which
 * still read as they did); the saga's row updated without the JSON columns that did not change.
 */
@SpringBootTest(classes = TimelineRowIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "outbox.relay.enabled=false",
        "outbox.keep-rows=true",
        "saga.engine.deadlines.enabled=false",
        "saga.engine.consumer-group=timeline-row-it"})
class TimelineRowIT {

    private static final String DATABASE = "orchestrator_timeline_row_it";
    private static final String REPLIES = "engine-test.timeline-replies";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        SagaDefinition<Data> timelineSaga() {
            return TestSaga.definition("timeline", TestSaga.ReplyHook.NONE);
        }

        @Bean
        SagaMessaging timelineMessaging() {
            return new TestSaga.Messaging(REPLIES);
        }
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        EngineServers.useRealServers(registry, DATABASE);
    }

    @BeforeAll
    static void topics() throws Exception {
        EngineServers.SERVERS.createTopics(1, List.of(REPLIES, DeadLetters.topicFor(REPLIES)));
    }

    @Autowired
    DefaultSagaEngine engine;
    @Autowired
    SagaQueries queries;
    @Autowired
    SagaDefinition<Data> saga;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    SagaMessaging messaging;

    private TransactionTemplate tx;

    @BeforeEach
    void cleanSlate() {
        tx = new TransactionTemplate(transactionManager);
        jdbc.update("DELETE FROM saga_instance");
        jdbc.update("DELETE FROM saga_history");
        jdbc.update("DELETE FROM outbox");
        jdbc.update("DELETE FROM inbox");
        // a column trigger fires when its column is a target of the UPDATE's SET list, whether its value changes
        // or not: so these record which JSON columns each update of a saga wrote
        jdbc.execute("CREATE TABLE IF NOT EXISTS saga_column_written (saga_id uuid, version bigint, name text)");
        jdbc.execute("DELETE FROM saga_column_written");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION record_saga_column_written() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO saga_column_written (saga_id, version, name) VALUES (NEW.id, NEW.version, TG_ARGV[0]);
                    RETURN NULL;
                END $$""");
        for (String column : List.of("data", "steps")) {
            jdbc.execute("DROP TRIGGER IF EXISTS saga_" + column + "_written ON saga_instance");
            jdbc.execute("CREATE TRIGGER saga_" + column + "_written AFTER UPDATE OF " + column
                    + " ON saga_instance FOR EACH ROW EXECUTE FUNCTION record_saga_column_written('" + column + "')");
        }
    }

    @Test
    void aHappySagaWritesOneHistoryRowPerTransitionWithItsReplyAndItsCommands() {
        UUID id = start("happy");
        ReplyEnvelope aOk = reply(id, new AOk(RequestIds.of(id, "a"), 7));
        ReplyEnvelope bOk = reply(id, new BOk(RequestIds.of(id, "b"), "noted"));
        ReplyEnvelope cOk = reply(id, new COk(RequestIds.of(id, "c")));
        for (ReplyEnvelope reply : List.of(aOk, bOk, cOk)) {
            assertThat(engine.onReply(reply)).isEqualTo(ReplyOutcome.APPLIED);
        }
        assertThat(view(id).status()).isEqualTo(SagaStatus.COMPLETED);

        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT kind, step, to_state, event, message_id, message_type, request_id, payload ->> 'counter' AS counter,
                       jsonb_array_length(commands) AS commands, commands -> 0 ->> 'messageType' AS command_type,
                       commands -> 0 ->> 'step' AS command_step, commands -> 0 ->> 'requestId' AS command_request,
                       commands -> 0 ->> 'messageId' AS command_id, commands -> 0 ->> 'causationId' AS command_cause,
                       commands -> 0 -> 'payload' ->> 'counter' AS command_counter
                  FROM saga_history WHERE saga_id = ? ORDER BY id""", id);
        assertThat(rows).as("one row per transition, where there were ten").hasSize(4);
        assertThat(rows).extracting(r -> r.get("kind")).containsOnly("TRANSITION");
        assertThat(rows).extracting(r -> r.get("to_state")).containsExactly("a", "b", "c", "COMPLETED");
        List<UUID> commandIds = outboxIds(id);

        Map<String, Object> started = rows.get(0);
        assertThat(started.get("message_id")).as("a start has no reply").isNull();
        assertThat(started.get("commands")).isEqualTo(1);
        assertThat(started.get("command_type")).isEqualTo("DoA");
        assertThat(started.get("command_id")).isEqualTo(commandIds.get(0).toString());

        Map<String, Object> afterA = rows.get(1);
        assertThat(afterA.get("event")).isEqualTo("STEP_SUCCEEDED");
        assertThat(afterA.get("step")).as("the reply's step").isEqualTo("a");
        assertThat(afterA.get("message_id")).isEqualTo(aOk.messageId());
        assertThat(afterA.get("message_type")).isEqualTo("AOk");
        assertThat(afterA.get("request_id")).isEqualTo(RequestIds.of(id, "a"));
        assertThat(afterA.get("counter")).as("the reply's payload").isEqualTo("7");
        assertThat(afterA.get("commands")).isEqualTo(1);
        assertThat(afterA.get("command_type")).isEqualTo("DoB");
        assertThat(afterA.get("command_step")).isEqualTo("b");
        assertThat(afterA.get("command_request")).isEqualTo(RequestIds.of(id, "b").toString());
        assertThat(afterA.get("command_id")).isEqualTo(commandIds.get(1).toString());
        assertThat(afterA.get("command_cause")).isEqualTo(aOk.messageId().toString());
        assertThat(afterA.get("command_counter")).as("the command's payload").isEqualTo("7");

        Map<String, Object> completed = rows.get(3);
        assertThat(completed.get("message_id")).isEqualTo(cOk.messageId());
        assertThat(completed.get("commands")).as("nothing sent on completion").isNull();
    }

    @Test
    void theTimelineReadsAsTheEntriesOlderBuildsShowedFromCombinedRowsFromSeparateRowsAndFromBoth() {
        UUID id = start("happy");
        ReplyEnvelope aOk = reply(id, new AOk(RequestIds.of(id, "a"), 7));
        ReplyEnvelope bOk = reply(id, new BOk(RequestIds.of(id, "b"), "noted"));
        ReplyEnvelope cOk = reply(id, new COk(RequestIds.of(id, "c")));
        engine.onReply(aOk);
        engine.onReply(bOk);
        engine.onReply(cOk);
        List<UUID> sent = outboxIds(id);
        List<TimelineEntry> expected = List.of(
                transition(null, "a", SagaEvent.START, null),
                command("a", sent.get(0), new DoA(RequestIds.of(id, "a"), "happy"), null, "command, send 1"),
                received("a", aOk, RequestIds.of(id, "a"), null),
                transition("a", "b", SagaEvent.STEP_SUCCEEDED, null),
                command("b", sent.get(1), new DoB(RequestIds.of(id, "b"), 7), aOk.messageId(), "command, send 1"),
                received("b", bOk, RequestIds.of(id, "b"), null),
                transition("b", "c", SagaEvent.STEP_SUCCEEDED, null),
                command("c", sent.get(2), new DoC(RequestIds.of(id, "c")), bOk.messageId(), "command, send 1"),
                received("c", cOk, RequestIds.of(id, "c"), null),
                transition("c", "COMPLETED", SagaEvent.STEP_SUCCEEDED, null));

        List<TimelineEntry> combined = timeline(id);
        assertThat(withoutSequenceAndTime(combined)).containsExactlyElementsOf(expected);
        assertOrderedAndStable(id, combined);
        assertThat(combined).extracting(TimelineEntry::at).as("the entries of one decision share its time")
                .containsSubsequence(combined.get(2).at(), combined.get(3).at(), combined.get(4).at());

        splitIntoRowsOfOlderBuilds(id);
        assertThat(historyRows(id)).as("separate rows, as older builds wrote them").isEqualTo(expected.size());
        List<TimelineEntry> separate = timeline(id);
        assertThat(withoutSequenceAndTime(separate)).containsExactlyElementsOf(expected);
        assertThat(separate).extracting(TimelineEntry::at).containsExactlyElementsOf(
                combined.stream().map(TimelineEntry::at).toList());
        assertOrderedAndStable(id, separate);

        // rows of an older build, then the rows this build adds to the same saga: a failure and its compensation
        UUID mixed = start("mixed");
        ReplyEnvelope aOkMixed = reply(mixed, new AOk(RequestIds.of(mixed, "a"), 3));
        engine.onReply(aOkMixed);
        splitIntoRowsOfOlderBuilds(mixed);
        ReplyEnvelope refused = reply(mixed, new BNo(RequestIds.of(mixed, "b")));
        assertThat(engine.onReply(refused)).isEqualTo(ReplyOutcome.APPLIED);
        assertThat(historyRows(mixed)).as("five separate rows and one combined").isEqualTo(6);
        List<UUID> sentMixed = outboxIds(mixed);
        List<TimelineEntry> both = timeline(mixed);
        assertThat(withoutSequenceAndTime(both)).containsExactly(
                transition(null, "a", SagaEvent.START, null),
                command("a", sentMixed.get(0), new DoA(RequestIds.of(mixed, "a"), "mixed"), null, "command, send 1"),
                received("a", aOkMixed, RequestIds.of(mixed, "a"), null),
                transition("a", "b", SagaEvent.STEP_SUCCEEDED, null),
                command("b", sentMixed.get(1), new DoB(RequestIds.of(mixed, "b"), 3), aOkMixed.messageId(),
                        "command, send 1"),
                received("b", refused, RequestIds.of(mixed, "b"), "B_REFUSED"),
                transition("b", "a.compensating", SagaEvent.STEP_FAILED, "B_REFUSED"),
                command("a", sentMixed.get(2), new UndoA(RequestIds.of(mixed, "a"), "mixed"), refused.messageId(),
                        "compensation, send 1"));
        assertOrderedAndStable(mixed, both);
    }

    @Test
    void anUpdateLeavesOutTheJsonColumnsThatDidNotChange() {
        UUID id = start("happy");
        engine.onReply(reply(id, new AOk(RequestIds.of(id, "a"), 7))); // version 1: counter 7
        engine.onReply(reply(id, new BOk(RequestIds.of(id, "b"), "noted"))); // version 2: note
        engine.onReply(reply(id, new COk(RequestIds.of(id, "c")))); // version 3: c's handler keeps the data

        assertThat(written(id, "data")).as("the data changed by a and b only").containsExactly(1L, 2L);
        assertThat(written(id, "steps")).as("every transition moved a step").containsExactly(1L, 2L, 3L);
        SagaView done = view(id);
        assertThat(done.version()).isEqualTo(3);
        assertThat(done.data().get("counter").asInt()).isEqualTo(7);
        assertThat(done.data().get("note").asString()).isEqualTo("noted");

        UUID parked = start("parked");
        ReplyEnvelope stranger = reply(parked, new AOk(UUID.randomUUID(), 1)); // a request id of no step: parks
        assertThat(engine.onReply(stranger)).isEqualTo(ReplyOutcome.PARKED);
        SagaView view = view(parked);
        assertThat(view.status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(view.version()).isEqualTo(1);
        assertThat(written(parked, "data")).as("parking changes neither data").isEmpty();
        assertThat(written(parked, "steps")).as("nor steps").isEmpty();
        assertThat(view.data().get("name").asString()).isEqualTo("parked");
        assertThat(view.steps().get(0).status()).isEqualTo(StepStatus.RUNNING);
    }

    private UUID start(String name) {
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(s -> engine.start(saga, id, new Data(name, 0, null)));
        return id;
    }

    private ReplyEnvelope reply(UUID sagaId, Object reply) {
        SagaMessaging.Envelope e = messaging.describe(reply);
        return new ReplyEnvelope(UUID.randomUUID(), sagaId, e.type(), e.schemaVersion(), UUID.randomUUID(), null,
                e.json().getBytes(StandardCharsets.UTF_8));
    }

    private SagaView view(UUID sagaId) {
        return queries.find(sagaId).orElseThrow();
    }

    private List<TimelineEntry> timeline(UUID sagaId) {
        return view(sagaId).timeline();
    }

    private List<UUID> outboxIds(UUID sagaId) {
        return jdbc.queryForList("SELECT id FROM outbox WHERE saga_id = ? ORDER BY created_at, id", UUID.class,
                sagaId.toString());
    }

    private int historyRows(UUID sagaId) {
        return jdbc.queryForObject("SELECT count(*) FROM saga_history WHERE saga_id = ?", Integer.class, sagaId);
    }

    private List<Long> written(UUID sagaId, String column) {
        return jdbc.queryForList("SELECT version FROM saga_column_written WHERE saga_id = ? AND name = ? "
                + "ORDER BY version", Long.class, sagaId, column);
    }

    /** Sequences increase along the timeline, and a second read numbers every entry as the first did. */
    private void assertOrderedAndStable(UUID sagaId, List<TimelineEntry> timeline) {
        assertThat(timeline).extracting(TimelineEntry::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(timeline(sagaId)).isEqualTo(timeline);
    }

    /**
     * Rewrites the saga's history as builds before one row per transition wrote it: one row per entry, by SQL,
     * a combined row's columns and commands taken apart in the order reply, transition, commands.
     */
    private void splitIntoRowsOfOlderBuilds(UUID sagaId) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM saga_history WHERE saga_id = ? ORDER BY id", Long.class,
                sagaId);
        for (long row : ids) {
            jdbc.update("""
                    INSERT INTO saga_history (saga_id, at, kind, step, message_id, message_type, causation_id,
                                              request_id, payload, reason)
                    SELECT saga_id, at, 'REPLY_RECEIVED', step, message_id, message_type, causation_id, request_id,
                           payload, reason
                      FROM saga_history WHERE id = ? AND kind = 'TRANSITION' AND message_id IS NOT NULL""", row);
            jdbc.update("""
                    INSERT INTO saga_history (saga_id, at, kind, step, from_state, to_state, event, message_id,
                                              message_type, causation_id, request_id, payload, actor, reason)
                    SELECT saga_id, at, kind, CASE WHEN kind = 'TRANSITION' THEN NULL ELSE step END, from_state,
                           to_state, event, CASE WHEN kind = 'TRANSITION' THEN NULL ELSE message_id END,
                           CASE WHEN kind = 'TRANSITION' THEN NULL ELSE message_type END,
                           CASE WHEN kind = 'TRANSITION' THEN NULL ELSE causation_id END,
                           CASE WHEN kind = 'TRANSITION' THEN NULL ELSE request_id END,
                           CASE WHEN kind = 'TRANSITION' THEN NULL ELSE payload END, actor, reason
                      FROM saga_history WHERE id = ?""", row);
            jdbc.update("""
                    INSERT INTO saga_history (saga_id, at, kind, step, message_id, message_type, causation_id,
                                              request_id, payload, reason)
                    SELECT h.saga_id, h.at, 'COMMAND_SENT', c ->> 'step', (c ->> 'messageId')::uuid, c ->> 'messageType',
                           (c ->> 'causationId')::uuid, (c ->> 'requestId')::uuid, c -> 'payload', c ->> 'reason'
                      FROM saga_history h, jsonb_array_elements(h.commands) WITH ORDINALITY AS e(c, n)
                     WHERE h.id = ? ORDER BY n""", row);
            jdbc.update("DELETE FROM saga_history WHERE id = ?", row);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_history WHERE saga_id = ? AND commands IS NOT NULL",
                Integer.class, sagaId)).isZero();
    }

    private static List<TimelineEntry> withoutSequenceAndTime(List<TimelineEntry> timeline) {
        List<TimelineEntry> entries = new ArrayList<>();
        for (TimelineEntry e : timeline) {
            entries.add(new TimelineEntry(0, null, e.kind(), e.step(), e.fromState(), e.toState(), e.event(),
                    e.messageId(), e.messageType(), e.causationId(), e.requestId(), e.payload(), e.actor(),
                    e.reason()));
        }
        return entries;
    }

    private static TimelineEntry transition(String from, String to, SagaEvent event, String reason) {
        return new TimelineEntry(0, null, Kind.TRANSITION, null, from, to, event.name(), null, null, null, null, null,
                null, reason);
    }

    private TimelineEntry command(String step, UUID messageId, TestSaga.Message command, UUID causationId,
                                  String reason) {
        SagaMessaging.Envelope e = messaging.describe(command);
        return new TimelineEntry(0, null, Kind.COMMAND_SENT, step, null, null, null, messageId, e.type(), causationId,
                command.requestId(), tree(e.json()), null, reason);
    }

    private static TimelineEntry received(String step, ReplyEnvelope reply, UUID requestId, String reason) {
        return new TimelineEntry(0, null, Kind.REPLY_RECEIVED, step, null, null, null, reply.messageId(), reply.type(),
                reply.causationId(), requestId, tree(new String(reply.payload(), StandardCharsets.UTF_8)), null,
                reason);
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
