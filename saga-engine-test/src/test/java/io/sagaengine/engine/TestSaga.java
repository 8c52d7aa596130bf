package io.sagaengine.engine;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A saga for testing the engine on its own: step {@code a} (compensable), step {@code b} (no compensation),
 * step {@code c} (compensable), with plain records as messages and JSON by Jackson.
 */
final class TestSaga {

    static final String COMMANDS = "engine-test.commands";
    static final String REPLIES = "engine-test.replies";

    interface Message {
        UUID requestId();
    }

    record Data(String name, int counter, String note) {
        Data withCounter(int counter) {
            return new Data(name, counter, note);
        }

        Data withNote(String note) {
            return new Data(name, counter, note);
        }
    }

    record DoA(UUID requestId, String name) implements Message { }
    record UndoA(UUID requestId, String name) implements Message { }
    record AOk(UUID requestId, int counter) implements Message { }
    record ANo(UUID requestId) implements Message { }
    record AUndone(UUID requestId) implements Message { }
    record DoB(UUID requestId, int counter) implements Message { }
    record BOk(UUID requestId, String note) implements Message { }
    record BNo(UUID requestId) implements Message { }
    record DoC(UUID requestId) implements Message { }
    record UndoC(UUID requestId) implements Message { }
    record COk(UUID requestId) implements Message { }
    record CNo(UUID requestId) implements Message { }
    record CUndone(UUID requestId) implements Message { }
    record DoD(UUID requestId) implements Message { }
    record UndoD(UUID requestId) implements Message { }
    record DOk(UUID requestId) implements Message { }
    record DUndone(UUID requestId) implements Message { }

    private static final List<Class<? extends Message>> COMMAND_TYPES = List.of(DoA.class, UndoA.class, DoB.class,
            DoC.class, UndoC.class, DoD.class, UndoD.class);
    private static final List<Class<? extends Message>> REPLY_TYPES = List.of(AOk.class, ANo.class, AUndone.class,
            BOk.class, BNo.class, COk.class, CNo.class, CUndone.class, DOk.class, DUndone.class);

    private TestSaga() {
    }

    /** Deadline 10 s and 3 sends per step, compensation deadline 5 s and 2 sends; no jitter. */
    static SagaDefinition<Data> definition() {
        return definition("test", ReplyHook.NONE);
    }

    /** {@code hook} runs inside step a's success handler, to stage concurrency in tests. */
    static SagaDefinition<Data> definition(String name, ReplyHook hook) {
        return definition(name, hook, WhenRetriesRunOut.GIVE_UP);
    }

    /** Every step, forward and compensation, does {@code whenRetriesRunOut} when its retry budget is spent. */
    static SagaDefinition<Data> definition(String name, ReplyHook hook, WhenRetriesRunOut whenRetriesRunOut) {
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(4)).withJitter(0);
        RetryPolicy compensationRetry = RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withJitter(0);
        return SagaDefinition.named(name, Data.class)
                .step("a")
                    .invoke((data, requestId) -> new DoA(requestId, data.name()))
                    .withCompensation((data, requestId) -> new UndoA(requestId, data.name()))
                    .onSuccess(AOk.class, (data, ok) -> {
                        hook.run(data);
                        return data.withCounter(ok.counter());
                    })
                    .onFailure(ANo.class, "A_REFUSED")
                    .compensatedBy(AUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                    .whenRetriesRunOut(whenRetriesRunOut).whenCompensationRetriesRunOut(whenRetriesRunOut)
                .step("b")
                    .invoke((data, requestId) -> new DoB(requestId, data.counter()))
                    .onSuccess(BOk.class, (data, ok) -> data.withNote(ok.note()))
                    .onFailure(BNo.class, "B_REFUSED")
                    .deadline(Duration.ofSeconds(10)).retry(retry).whenRetriesRunOut(whenRetriesRunOut)
                .step("c")
                    .invoke((data, requestId) -> new DoC(requestId))
                    .withCompensation((data, requestId) -> new UndoC(requestId))
                    .onSuccess(COk.class)
                    .onFailure(CNo.class, "C_REFUSED")
                    .compensatedBy(CUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                    .whenRetriesRunOut(whenRetriesRunOut).whenCompensationRetriesRunOut(whenRetriesRunOut)
                .build();
    }

    /**
     * Version 2 of {@link #definition()}: step {@code b} removed, step {@code d} added after {@code c} with a
     * compensation of its own, and step {@code a} waits 20 s for its reply instead of 10 s.
     */
    static SagaDefinition<Data> definitionV2() {
        return definitionV2("test");
    }

    static SagaDefinition<Data> definitionV2(String name) {
        RetryPolicy retry = RetryPolicy.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(4)).withJitter(0);
        RetryPolicy compensationRetry = RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withJitter(0);
        return SagaDefinition.named(name, Data.class)
                .version(2)
                .step("a")
                    .invoke((data, requestId) -> new DoA(requestId, data.name()))
                    .withCompensation((data, requestId) -> new UndoA(requestId, data.name()))
                    .onSuccess(AOk.class, (data, ok) -> data.withCounter(ok.counter()))
                    .onFailure(ANo.class, "A_REFUSED")
                    .compensatedBy(AUndone.class)
                    .deadline(Duration.ofSeconds(20)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                .step("c")
                    .invoke((data, requestId) -> new DoC(requestId))
                    .withCompensation((data, requestId) -> new UndoC(requestId))
                    .onSuccess(COk.class)
                    .onFailure(CNo.class, "C_REFUSED")
                    .compensatedBy(CUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                .step("d")
                    .invoke((data, requestId) -> new DoD(requestId))
                    .withCompensation((data, requestId) -> new UndoD(requestId))
                    .onSuccess(DOk.class)
                    .compensatedBy(DUndone.class)
                    .deadline(Duration.ofSeconds(10)).retry(retry)
                    .compensationDeadline(Duration.ofSeconds(5)).compensationRetry(compensationRetry)
                .build();
    }

    @FunctionalInterface
    interface ReplyHook {
        ReplyHook NONE = data -> { };

        void run(Data data);
    }

    /** Messaging for the test saga: commands and replies on one topic each, type = simple class name. */
    static final class Messaging implements SagaMessaging {

        private final JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        private final Map<String, Class<? extends Message>> types = new LinkedHashMap<>();
        private final String replies;

        Messaging() {
            this(REPLIES);
        }

        /** Replies on {@code replies} instead of {@link #REPLIES}, so that test applications do not share them. */
        Messaging(String replies) {
            this.replies = replies;
            COMMAND_TYPES.forEach(t -> types.put(t.getSimpleName(), t));
            REPLY_TYPES.forEach(t -> types.put(t.getSimpleName(), t));
        }

        @Override
        public Envelope describe(Object message) {
            if (!types.containsValue(message.getClass())) {
                throw new IllegalArgumentException("not a test message: " + message);
            }
            String topic = COMMAND_TYPES.contains(message.getClass()) ? COMMANDS : replies;
            return new Envelope(topic, message.getClass().getSimpleName(), 1, mapper.writeValueAsString(message));
        }

        @Override
        public Decoded decode(String type, int schemaVersion, byte[] payload) {
            Class<? extends Message> javaType = types.get(type);
            if (javaType == null || schemaVersion != 1) {
                throw new UnreadableReplyException("unknown type " + type + " v" + schemaVersion, null);
            }
            try {
                Message message = mapper.readValue(payload, javaType);
                if (message.requestId() == null) {
                    throw new UnreadableReplyException("no requestId", null);
                }
                return new Decoded(message, message.requestId());
            } catch (tools.jackson.core.JacksonException e) {
                throw new UnreadableReplyException("malformed " + type + ": " + e.getOriginalMessage(), e);
            }
        }

        Object read(String type, int schemaVersion, String json) {
            return mapper.readValue(json, types.get(type));
        }

        @Override
        public Set<String> replyTopics() {
            return Set.of(replies);
        }
    }
}
