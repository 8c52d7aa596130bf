package io.sagaengine.engine.test;

import io.sagaengine.engine.InMemorySagaEngine;
import io.sagaengine.engine.MigrationResult;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaTimelineExport;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.TimelineEntry;
import io.sagaengine.engine.TimelineEntry.Kind;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Replays recorded timelines (exported from a running system, {@link SagaTimelineExport}) against a definition, as
 * Temporal's replayer does, and reports which sagas in flight it cannot continue: each saga is started again on the
 * definition with its id and exported data, given the recorded inputs in order (replies received or ignored, passed
 * deadlines, operator actions, failures that parked it) on a clock set to when each came, and what the definition
 * does (its transitions and the commands it sends, by step and message type) must be what was recorded, ending in
 * the state the saga is in. A change that passes may be deployed without a new version (or its sagas migrated with
 * the identity mapping); one that fails needs a new version, or a migration with a mapping.
 * <pre>{@code
 * ReplayReport report = SagaReplayer.of(OrderSaga.definition(), messaging)
 *         .replay(SagaTimelineExport.fromJson(Files.readString(Path.of("src/test/resources/orders-in-flight.json"))));
 * report.assertEverySagaInFlightCanContinue();
 * }</pre>
 */
public final class SagaReplayer<D> {

    private static final JsonMapper DATA = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final SagaDefinition<D> definition;
    private final SagaMessaging messaging;
    private final ToIntFunction<String> schemaVersions;

    private SagaReplayer(SagaDefinition<D> definition, SagaMessaging messaging, ToIntFunction<String> schemaVersions) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.schemaVersions = schemaVersions;
    }

    /** A replayer of {@code definition}'s sagas; recorded replies are read as schema version 1 of their type. */
    public static <D> SagaReplayer<D> of(SagaDefinition<D> definition, SagaMessaging messaging) {
        return new SagaReplayer<>(definition, messaging, type -> 1);
    }

    /** The schema version a recorded reply of each message type is read as (the timeline keeps only the type). */
    public SagaReplayer<D> readingRepliesAs(ToIntFunction<String> schemaVersions) {
        return new SagaReplayer<>(definition, messaging, Objects.requireNonNull(schemaVersions, "schemaVersions"));
    }

    /** Replays each export; sagas of another type are reported as such, not replayed. */
    public ReplayReport replay(List<SagaTimelineExport> recorded) {
        return new ReplayReport(recorded.stream().map(this::replay).toList());
    }

    /** Replays the exports a JSON document holds (one object, or an array), as {@link SagaTimelineExport#fromJson}. */
    public ReplayReport replayJson(String json) {
        return replay(SagaTimelineExport.fromJson(json));
    }

    private ReplayResult replay(SagaTimelineExport saga) {
        if (!saga.type().equals(definition.name())) {
            return ReplayResult.of(saga, ReplayResult.Verdict.OTHER_TYPE, "saga type " + saga.type()
                    + ", not " + definition.name());
        }
        if (saga.status() == SagaStatus.COMPLETED || saga.status() == SagaStatus.COMPENSATED) {
            return ReplayResult.of(saga, ReplayResult.Verdict.FINISHED, "the saga is " + saga.status());
        }
        if (saga.timeline().isEmpty() || saga.timeline().get(0).kind() != Kind.TRANSITION) {
            return ReplayResult.of(saga, ReplayResult.Verdict.NOT_REPLAYED,
                    "its timeline does not begin with its start (purged in part?)");
        }
        boolean migrated = saga.timeline().stream().anyMatch(e -> e.kind() == Kind.OPERATOR_ACTION
                && MigrationResult.EVENT.equals(e.event()));
        if (migrated) {
            return ReplayResult.of(saga, ReplayResult.Verdict.NOT_REPLAYED,
                    "it was migrated between versions: its timeline before the migration is of another version");
        }
        TestClock clock = new TestClock(saga.timeline().get(0).at());
        InMemorySagaEngine engine = new InMemorySagaEngine(List.of(definition), messaging, clock, () -> 0.5,
                List::of, List::of);
        try {
            engine.start(definition, saga.sagaId(), DATA.treeToValue(saga.data(), definition.dataType()));
            for (TimelineEntry entry : saga.timeline()) {
                feed(engine, clock, saga, entry);
            }
        } catch (RuntimeException e) {
            return ReplayResult.of(saga, ReplayResult.Verdict.CANNOT_CONTINUE, "replaying failed: " + e);
        }
        SagaView replayed = engine.find(saga.sagaId()).orElseThrow();
        String divergence = divergence(outputs(saga.timeline()), outputs(replayed.timeline()));
        if (divergence == null && !(replayed.state().equals(saga.state())
                && Objects.equals(replayed.parkedState(), saga.parkedState()))) {
            divergence = "it ends in state " + describe(replayed.state(), replayed.parkedState())
                    + " where the saga is in " + describe(saga.state(), saga.parkedState());
        }
        return divergence == null ? ReplayResult.of(saga, ReplayResult.Verdict.CAN_CONTINUE, null)
                : ReplayResult.of(saga, ReplayResult.Verdict.CANNOT_CONTINUE, divergence);
    }

    /** Gives the replayed saga one recorded input; what the saga recorded as its own doing is compared afterwards. */
    private void feed(InMemorySagaEngine engine, TestClock clock, SagaTimelineExport saga, TimelineEntry entry) {
        moveTo(clock, entry.at());
        switch (entry.kind()) {
            case REPLY_RECEIVED, REPLY_IGNORED -> {
                if (entry.payload() != null) {
                    engine.deliver(entry.messageId(), saga.sagaId(), entry.messageType(),
                            schemaVersions.applyAsInt(entry.messageType()), entry.causationId(),
                            DATA.writeValueAsString(entry.payload()).getBytes(StandardCharsets.UTF_8));
                }
            }
            case DEADLINE_PASSED -> {
                SagaView now = engine.find(saga.sagaId()).orElseThrow();
                if (now.deadlineAt() != null) {
                    // the definition may wait longer than the recorded one did: its deadline passes all the same
                    moveTo(clock, now.deadlineAt());
                    engine.fireDueDeadlines();
                }
            }
            case OPERATOR_ACTION -> {
                long version = engine.find(saga.sagaId()).orElseThrow().version();
                switch (entry.event()) {
                    case "OPERATOR_RETRY" -> engine.operations().retry(saga.sagaId(), version, entry.actor(),
                            entry.reason());
                    case "OPERATOR_COMPENSATE" -> engine.operations().compensate(saga.sagaId(), version, entry.actor(),
                            entry.reason());
                    case "OPERATOR_RESUME" -> engine.operations().resume(saga.sagaId(), version, entry.actor(),
                            entry.reason());
                    default -> {
                        // an action this replayer does not know changes nothing here; the comparison shows if it did
                    }
                }
            }
            case REPLY_FAILED -> engine.park(saga.sagaId(), entry.reason());
            default -> {
                // transitions and commands sent are the saga's own doing; held and unmatched replies change nothing
            }
        }
    }

    private static void moveTo(TestClock clock, Instant at) {
        if (at != null && at.isAfter(clock.instant())) {
            clock.set(at);
        }
    }

    /** What a saga did, in order: its transitions and the commands it sent. */
    private static List<String> outputs(List<TimelineEntry> timeline) {
        List<String> outputs = new ArrayList<>();
        for (TimelineEntry e : timeline) {
            if (e.kind() == Kind.TRANSITION) {
                outputs.add("transition " + (e.fromState() == null ? "" : e.fromState() + " ") + "-> " + e.toState()
                        + " on " + e.event());
            } else if (e.kind() == Kind.COMMAND_SENT) {
                outputs.add("command " + e.messageType() + " of step " + e.step());
            }
        }
        return outputs;
    }

    private static String divergence(List<String> recorded, List<String> replayed) {
        for (int i = 0; i < Math.max(recorded.size(), replayed.size()); i++) {
            String was = i < recorded.size() ? recorded.get(i) : null;
            String is = i < replayed.size() ? replayed.get(i) : null;
            if (!Objects.equals(was, is)) {
                return "at its " + ordinal(i + 1) + " action the saga recorded " + (was == null ? "nothing" : was)
                        + ", the definition does " + (is == null ? "nothing" : is);
            }
        }
        return null;
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    private static String describe(String state, String parkedState) {
        return parkedState == null ? state : state + " (parked in " + parkedState + ")";
    }
}
