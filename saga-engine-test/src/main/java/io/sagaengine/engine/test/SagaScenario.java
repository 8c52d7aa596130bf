package io.sagaengine.engine.test;

import io.sagaengine.engine.InMemorySagaEngine;
import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngineObserver;
import io.sagaengine.engine.SagaEvent;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaStatusListener;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.engine.TimelineEntry;
import io.sagaengine.outbox.OutboxMessage;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given/expect scripts for a saga definition, without broker or database: the engine's real logic and
 * transactional shell run against in-memory ports (store, outbox, inbox, transactions that roll back) and a clock
 * the script moves. Everything is checked in the saga's own terms: the command records it sends, the replies it
 * is given, {@link SagaStatus}, {@link StepStatus}, outcomes, {@link ReplyResult}s and {@link TimelineEntry}s.
 * <pre>{@code
 * scenario.given().start(sagaId, data)
 *     .expect().command(ChargePayment.class).withRequestId(...)
 *     .andGivenReply(charge -> new PaymentCharged(charge.requestId(), ...))
 *     .expect().command(ReserveInventory.class)
 *     .andGivenDeadlinePassed()
 *     ...
 * }</pre>
 * Each {@code command(...)} takes the next message the saga sent, in order; {@link Expect#noCommand()} checks
 * nothing else was sent.
 */
public final class SagaScenario<D> {

    /** Reads a sent command back from its outbox row. */
    @FunctionalInterface
    public interface CommandReader {
        Object read(String type, int schemaVersion, String json);
    }

    /** A command the saga sent. */
    public record Sent(UUID messageId, String topic, String type, String step, UUID causationId, UUID requestId,
                       Object command) {
    }

    public static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final SagaDefinition<D> definition;
    private final SagaMessaging messaging;
    private final CommandReader reader;
    private static final JsonMapper DATA = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final TestClock clock = new TestClock(START);
    private final List<SagaStatusListener> listeners = new ArrayList<>();
    private final List<SagaEngineObserver> observers = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private double random = 0.5;
    private InMemorySagaEngine engine;
    private UUID sagaId;
    private int read;
    private Reply lastReply;
    private ReplyResult lastReplyResult;

    /** A reply as delivered: its headers and JSON body. */
    private record Reply(UUID messageId, UUID sagaId, String type, int schemaVersion, UUID causationId,
                         byte[] payload) {
    }

    private SagaScenario(SagaDefinition<D> definition, SagaMessaging messaging, CommandReader reader) {
        this.definition = definition;
        this.messaging = messaging;
        this.reader = reader;
    }

    public static <D> SagaScenario<D> of(SagaDefinition<D> definition, SagaMessaging messaging, CommandReader reader) {
        return new SagaScenario<>(definition, messaging, reader);
    }

    public SagaScenario<D> listener(SagaStatusListener listener) {
        listeners.add(listener);
        return this;
    }

    public SagaScenario<D> observer(SagaEngineObserver observer) {
        observers.add(observer);
        return this;
    }

    /** The value in [0, 1) every backoff's jitter is drawn as. */
    public SagaScenario<D> jitterRandom(double value) {
        this.random = value;
        return this;
    }

    public Given given() {
        return new Given();
    }

    /** The engine underneath, for checks this scenario has no words for. */
    public InMemorySagaEngine engine() {
        if (engine == null) {
            engine = new InMemorySagaEngine(List.of(definition), messaging, clock, () -> random, () -> listeners,
                    () -> observers);
        }
        return engine;
    }

    public SagaDefinition<D> definition() {
        return definition;
    }

    public UUID sagaId() {
        return sagaId;
    }

    public SagaOperations operations() {
        return engine().operations();
    }

    public SagaStatus status() {
        return saga().status();
    }

    public String state() {
        return saga().state();
    }

    public long version() {
        return saga().version();
    }

    public Instant now() {
        return clock.instant();
    }

    public Instant deadline() {
        return saga().deadlineAt();
    }

    /** Every command the saga sent so far, in order. */
    public List<Sent> sent() {
        collect();
        return List.copyOf(sent);
    }

    /** The data as stored (JSON). */
    public String dataJson() {
        return saga().data().toString();
    }

    /** The data as stored, read back as the definition's data type. */
    public D data() {
        return DATA.treeToValue(saga().data(), definition.dataType());
    }

    /** The saga as support staff see it: steps, data, version, deadline and timeline. */
    public SagaView view() {
        return saga();
    }

    public List<TimelineEntry.Kind> timelineKinds() {
        return timeline().stream().map(TimelineEntry::kind).toList();
    }

    /** The saga's timeline as stored, oldest first. */
    public List<TimelineEntry> timeline() {
        return engine().timeline(sagaId);
    }

    /** The message id of the last reply given. */
    public UUID lastReplyMessageId() {
        return lastReply.messageId();
    }

    /** What became of the last reply given. */
    public ReplyResult lastReplyResult() {
        return lastReplyResult;
    }

    private SagaView saga() {
        return engine().find(sagaId).orElseThrow(() -> new AssertionError("no saga " + sagaId));
    }

    private static String describe(List<TimelineEntry> timeline) {
        return timeline.stream().map(h -> h.kind() + " " + Objects.toString(h.step(), "-") + " "
                + Objects.toString(h.event(), h.messageType() == null ? "-" : h.messageType()) + " "
                + Objects.toString(h.reason(), "")).toList().toString();
    }

    private void collect() {
        List<OutboxMessage> rows = engine().outbox();
        for (int i = sent.size(); i < rows.size(); i++) {
            OutboxMessage row = rows.get(i);
            TimelineEntry entry = engine().timeline(UUID.fromString(row.sagaId())).stream()
                    .filter(h -> h.kind() == TimelineEntry.Kind.COMMAND_SENT && row.id().equals(h.messageId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no COMMAND_SENT entry for outbox row " + row.id()));
            assertThat(row.aggregateId()).as("Kafka key of %s", row.type()).isEqualTo(row.sagaId());
            sent.add(new Sent(row.id(), row.topic(), row.type(), entry.step(), row.causationId(), entry.requestId(),
                    reader.read(row.type(), row.schemaVersion(), row.payload())));
        }
    }

    private Expect reply(UUID saga, Object reply, UUID causationId) {
        SagaMessaging.Envelope envelope = messaging.describe(reply);
        return deliver(new Reply(UUID.randomUUID(), saga, envelope.type(), envelope.schemaVersion(), causationId,
                envelope.json().getBytes(StandardCharsets.UTF_8)));
    }

    private Expect deliver(Reply reply) {
        lastReply = reply;
        lastReplyResult = ReplyResult.valueOf(engine().deliver(reply.messageId(), reply.sagaId(), reply.type(),
                reply.schemaVersion(), reply.causationId(), reply.payload()));
        return new Expect(this);
    }

    /** Checks on the saga as it stands, and the next input. */
    public Expect expect() {
        return new Expect(this);
    }

    public final class Given {

        public Expect start(UUID id, D data) {
            sagaId = id;
            engine().start(definition, id, data);
            return new Expect(SagaScenario.this);
        }
    }

    /** Checks on the saga after the last input, and the next input. */
    public static final class Expect {
        private final SagaScenario<?> s;

        Expect(SagaScenario<?> scenario) {
            this.s = scenario;
        }

        public Expect expect() {
            return this;
        }

        /** The next command sent is a {@code type}. */
        public <C> CommandExpectation<C> command(Class<C> type) {
            s.collect();
            assertThat(s.sent.size()).as("a %s was sent; sent so far: %s", type.getSimpleName(), sentTypes())
                    .isGreaterThan(s.read);
            Sent next = s.sent.get(s.read++);
            assertThat(next.command()).as("command number %d", s.read).isInstanceOf(type);
            return new CommandExpectation<>(s, next, type.cast(next.command()));
        }

        /** Nothing was sent that no {@code command(...)} took. */
        public Expect noCommand() {
            s.collect();
            assertThat(sentTypes().subList(s.read, s.sent.size())).as("commands sent but not expected").isEmpty();
            return this;
        }

        public Expect status(SagaStatus status) {
            assertThat(s.saga().status()).as("saga status").isEqualTo(status);
            return this;
        }

        public Expect state(String state) {
            assertThat(s.saga().state()).as("saga state").isEqualTo(state);
            return this;
        }

        public Expect outcome(String outcome) {
            assertThat(s.saga().outcome()).as("saga outcome").isEqualTo(outcome);
            return this;
        }

        /** Step {@code name} has {@code status}, after {@code attempts} sends in its current phase. */
        public Expect step(String name, StepStatus status, int attempts) {
            SagaView.StepView step = s.saga().steps().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + name));
            assertThat(step.status()).as("status of step %s", name).isEqualTo(status);
            assertThat(step.attempts()).as("attempts of step %s", name).isEqualTo(attempts);
            return this;
        }

        /** Whether the saga is paused (by support staff, or by a step whose retries ran out). */
        public Expect paused(boolean paused) {
            assertThat(s.saga().paused()).as("saga paused").isEqualTo(paused);
            return this;
        }

        public Expect noDeadline() {
            assertThat(s.saga().deadlineAt()).as("deadline").isNull();
            return this;
        }

        public Expect deadlineIn(Duration wait) {
            assertThat(s.saga().deadlineAt()).as("deadline").isEqualTo(s.clock.instant().plus(wait));
            return this;
        }

        /** What became of the last reply given. */
        public Expect replyResult(ReplyResult result) {
            assertThat(s.lastReplyResult).as("what became of the last reply").isEqualTo(result);
            return this;
        }

        /** The timeline's last entry of {@code kind} exists and its reason contains {@code text}. */
        public Expect timelineHas(TimelineEntry.Kind kind, String text) {
            List<TimelineEntry> timeline = s.timeline();
            List<TimelineEntry> entries = timeline.stream().filter(h -> h.kind() == kind).toList();
            assertThat(entries).as("timeline entries of kind %s in %s", kind, describe(timeline)).isNotEmpty();
            assertThat(entries.get(entries.size() - 1).reason()).contains(text);
            return this;
        }

        /** The timeline's entries are of these kinds, in this order, from the first on. */
        public Expect timeline(TimelineEntry.Kind... kinds) {
            assertThat(s.timelineKinds()).as("timeline %s", describe(s.timeline())).containsExactly(kinds);
            return this;
        }

        /** A reply no command of this scenario asked for (no causation id). */
        public Expect andGivenReply(Object reply) {
            return s.reply(s.sagaId, reply, null);
        }

        /** A reply that names another saga id, e.g. one the engine does not know. */
        public Expect andGivenReplyForSaga(UUID sagaId, Object reply) {
            return s.reply(sagaId, reply, null);
        }

        /** The last reply delivered again, same message id (Kafka redelivery). */
        public Expect andGivenSameReplyAgain() {
            return s.deliver(s.lastReply);
        }

        /** The last reply sent again by its participant: same content, new message id. */
        public Expect andGivenReplyResent() {
            Reply last = s.lastReply;
            return s.deliver(new Reply(UUID.randomUUID(), last.sagaId(), last.type(), last.schemaVersion(),
                    last.causationId(), last.payload()));
        }

        /** Time moves to the saga's deadline and the deadline poller runs. */
        public Expect andGivenDeadlinePassed() {
            Instant deadline = s.saga().deadlineAt();
            assertThat(deadline).as("a deadline is set").isNotNull();
            s.clock.set(deadline);
            s.engine().fireDueDeadlines();
            return this;
        }

        public Expect andGivenTimePasses(Duration duration) {
            s.clock.advance(duration);
            s.engine().fireDueDeadlines();
            return this;
        }

        /**
         * The next commands are compensations of these types, in this order, each carrying the requestId of its
         * step's first command; each is answered by {@code confirm}.
         */
        public Expect expectCompensations(Function<Object, Object> confirm, Class<?>... inOrder) {
            Expect expect = this;
            for (Class<?> type : inOrder) {
                CommandExpectation<?> compensation = expect.command(type);
                Sent forward = s.sent.stream().filter(c -> c.step().equals(compensation.sentCommand.step()))
                        .findFirst().orElseThrow();
                assertThat(forward.messageId()).as("%s compensates a command that was sent", type.getSimpleName())
                        .isNotEqualTo(compensation.messageId());
                compensation.withRequestId(forward.requestId());
                expect = compensation.andGivenReply(confirm::apply);
            }
            return expect;
        }

        /**
         * Support staff act ({@code OPERATOR_RETRY}, {@code OPERATOR_RESUME}, {@code OPERATOR_COMPENSATE},
         * {@code OPERATOR_PAUSE} or {@code OPERATOR_UNPAUSE}) on the saga's current version; the action must apply.
         */
        public Expect andGivenOperator(SagaEvent action, String reason) {
            long version = s.saga().version();
            SagaOperations operations = s.operations();
            OperatorResult result = switch (action) {
                case OPERATOR_RETRY -> operations.retry(s.sagaId, version, "ops", reason);
                case OPERATOR_RESUME -> operations.resume(s.sagaId, version, "ops", reason);
                case OPERATOR_COMPENSATE -> operations.compensate(s.sagaId, version, "ops", reason);
                case OPERATOR_PAUSE -> operations.pause(s.sagaId, version, "ops", reason);
                case OPERATOR_UNPAUSE -> operations.unpause(s.sagaId, version, "ops", reason);
                default -> throw new IllegalArgumentException(action + " is not an operator action");
            };
            assertThat(result.kind()).as("operator %s", action).isEqualTo(OperatorResult.Kind.APPLIED);
            return this;
        }

        private List<String> sentTypes() {
            return s.sent.stream().map(Sent::type).toList();
        }
    }

    /** The command just taken, for checks and to reply to. */
    public static final class CommandExpectation<C> {
        private final SagaScenario<?> s;
        private final Sent sentCommand;
        private final C command;

        CommandExpectation(SagaScenario<?> scenario, Sent sentCommand, C command) {
            this.s = scenario;
            this.sentCommand = sentCommand;
            this.command = command;
        }

        public C command() {
            return command;
        }

        public UUID requestId() {
            return sentCommand.requestId();
        }

        public UUID messageId() {
            return sentCommand.messageId();
        }

        public CommandExpectation<C> to(String topic) {
            assertThat(sentCommand.topic()).as("topic of %s", sentCommand.type()).isEqualTo(topic);
            return this;
        }

        public CommandExpectation<C> withRequestId(UUID requestId) {
            assertThat(sentCommand.requestId()).as("requestId of %s", sentCommand.type()).isEqualTo(requestId);
            return this;
        }

        public CommandExpectation<C> satisfying(Consumer<C> check) {
            check.accept(command);
            return this;
        }

        /** Replies to this command (causation id: its message id). */
        public Expect andGivenReply(Function<C, Object> reply) {
            return s.reply(s.sagaId, reply.apply(command), sentCommand.messageId());
        }

        public Expect andGivenDeadlinePassed() {
            return new Expect(s).andGivenDeadlinePassed();
        }

        public Expect expect() {
            return new Expect(s);
        }
    }
}
