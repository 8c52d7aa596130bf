package io.sagaengine.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A saga: named, typed by its data, and a list of steps run in order. Written top to bottom:
 * <pre>{@code
 * SagaDefinition.named("order", OrderSagaData.class)
 *     .version(2)
 *     .defaults(Duration.ofSeconds(10), RetryPolicy.exponential(8, Duration.ofSeconds(1), Duration.ofMinutes(1)),
 *             Duration.ofSeconds(10), RetryPolicy.exponential(15, Duration.ofSeconds(1), Duration.ofMinutes(2)))
 *     .step("payment")
 *         .invoke((data, requestId) -> charge(...))
 *         .withCompensation((data, requestId) -> refund(...))
 *         .onSuccess(PaymentCharged.class, (data, reply) -> data.withChargeId(reply.chargeId()))
 *         .onFailure(PaymentDeclined.class, "PAYMENT_DECLINED")
 *         .compensatedBy(PaymentRefunded.class)
 *         .retry(RetryPolicy.exponential(3, Duration.ofMillis(500), Duration.ofSeconds(5)))
 *         .whenRetriesRunOut(WhenRetriesRunOut.PAUSE)    // optional: pause instead of compensating
 *     .step("inventory")
 *         ...
 *     .build();
 * }</pre>
 * Deadlines and retry policies stated once in {@link Builder#defaults} hold for every step that sets none of its own.
 * A failure reply compensates the steps already done, newest first. A step without reply within its retry
 * budget counts as failed with outcome {@link SagaOutcomes#TIMED_OUT}, and its own compensation is sent first,
 * because its command may have run.
 */
public final class SagaDefinition<D> {

    /** Step names become state names: lower case, so they never collide with the terminal states. */
    private static final Pattern STEP_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern SAGA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");

    /** The version of a definition that declares none: what every saga started before versions were recorded has. */
    public static final int FIRST_VERSION = 1;

    private final String name;
    private final int version;
    private final Class<D> dataType;
    private final List<StepDefinition<D>> steps;

    private SagaDefinition(String name, int version, Class<D> dataType, List<StepDefinition<D>> steps) {
        this.name = name;
        this.version = version;
        this.dataType = dataType;
        this.steps = List.copyOf(steps);
    }

    public static <D> Builder<D> named(String name, Class<D> dataType) {
        return new Builder<>(name, dataType);
    }

    /** The saga type, stored with every instance. */
    public String name() {
        return name;
    }

    /**
     * The definition's version, stored with every saga started on it ({@value #FIRST_VERSION} unless the builder
     * declared one). Several versions of one saga type may be registered side by side: new sagas start on the
     * newest, and each saga finishes on the version it started on unless an operator migrates it.
     */
    public int version() {
        return version;
    }

    public Class<D> dataType() {
        return dataType;
    }

    public List<String> stepNames() {
        return steps.stream().map(StepDefinition::name).toList();
    }

    /**
     * Every reply type the steps wait for: success, failure and compensation replies. A messaging adapter
     * subscribes to the topics they arrive on.
     */
    public Set<Class<?>> replyTypes() {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (StepDefinition<D> step : steps) {
            types.add(step.successType());
            types.addAll(step.failures().keySet());
            if (step.compensatedBy() != null) {
                types.add(step.compensatedBy());
            }
        }
        return Collections.unmodifiableSet(types);
    }

    List<StepDefinition<D>> steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "SagaDefinition[" + name + " v" + version + ": " + String.join(" -> ", stepNames()) + "]";
    }

    public static final class Builder<D> {
        private final String name;
        private final Class<D> dataType;
        private final List<StepDefinition<D>> steps = new ArrayList<>();
        private int version = FIRST_VERSION;
        // a step gives up after about three minutes without a reply, a compensation after about twenty
        private Duration defaultDeadline = Duration.ofSeconds(10);
        private RetryPolicy defaultRetry = RetryPolicy.exponential(8, Duration.ofSeconds(1), Duration.ofMinutes(1));
        private RetryPolicy defaultCompensationRetry =
                RetryPolicy.exponential(15, Duration.ofSeconds(1), Duration.ofMinutes(2));
        /** Null: a compensation waits as long as its step's command. */
        private Duration defaultCompensationDeadline;

        private Builder(String name, Class<D> dataType) {
            if (name == null || !SAGA_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("saga name must match " + SAGA_NAME + ", was " + name);
            }
            this.name = name;
            this.dataType = Objects.requireNonNull(dataType, "dataType");
        }

        /**
         * The definition's version: bump it when a change of the steps (one added, removed or reordered, a new
         * compensation) must not apply to the sagas already running, and keep the previous version registered
         * until none of its sagas is left in flight.
         */
        public Builder<D> version(int version) {
            if (version < FIRST_VERSION) {
                throw new IllegalArgumentException("version must be at least " + FIRST_VERSION + ", was " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * Deadline and retry policies of the steps that set none; a compensation waits as long as its step's
         * command (the step's own deadline if it sets one).
         */
        public Builder<D> defaults(Duration deadline, RetryPolicy retry, RetryPolicy compensationRetry) {
            this.defaultDeadline = positive(deadline, "deadline");
            this.defaultRetry = Objects.requireNonNull(retry, "retry");
            this.defaultCompensationRetry = Objects.requireNonNull(compensationRetry, "compensationRetry");
            this.defaultCompensationDeadline = null;
            return this;
        }

        /** Deadlines and retry policies of the steps that set none, the compensations' deadline included. */
        public Builder<D> defaults(Duration deadline, RetryPolicy retry, Duration compensationDeadline,
                                   RetryPolicy compensationRetry) {
            defaults(deadline, retry, compensationRetry);
            this.defaultCompensationDeadline = positive(compensationDeadline, "compensationDeadline");
            return this;
        }

        public StepBuilder<D> step(String stepName) {
            return new StepBuilder<>(this, stepName);
        }

        private SagaDefinition<D> finish() {
            if (steps.isEmpty()) {
                throw new IllegalStateException("saga " + name + " has no steps");
            }
            return new SagaDefinition<>(name, version, dataType, steps);
        }
    }

    public static final class StepBuilder<D> {
        private final Builder<D> saga;
        private final String name;
        private SagaCommandFactory<D> command;
        private SagaCommandFactory<D> compensation;
        private Class<?> successType;
        private SagaReplyHandler<D, Object> successHandler;
        private final Map<Class<?>, String> failures = new LinkedHashMap<>();
        private Class<?> compensatedBy;
        private Duration deadline;
        private RetryPolicy retry;
        private Duration compensationDeadline;
        private RetryPolicy compensationRetry;
        private WhenRetriesRunOut whenRetriesRunOut = WhenRetriesRunOut.GIVE_UP;
        private WhenRetriesRunOut whenCompensationRetriesRunOut = WhenRetriesRunOut.GIVE_UP;

        private StepBuilder(Builder<D> saga, String name) {
            if (name == null || !STEP_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("step name must match " + STEP_NAME + ", was " + name);
            }
            if (saga.steps.stream().anyMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("duplicate step " + name);
            }
            this.saga = saga;
            this.name = name;
        }

        /** The step's command, sent when the step starts and re-sent (same requestId) when its deadline passes. */
        public StepBuilder<D> invoke(SagaCommandFactory<D> command) {
            this.command = Objects.requireNonNull(command, "command");
            return this;
        }

        /** The command that undoes this step; it carries the forward command's requestId. */
        public StepBuilder<D> withCompensation(SagaCommandFactory<D> compensation) {
            this.compensation = Objects.requireNonNull(compensation, "compensation");
            return this;
        }

        /** The success reply; the saga moves to the next step. */
        public <R> StepBuilder<D> onSuccess(Class<R> replyType) {
            return onSuccess(replyType, (data, reply) -> data);
        }

        /** The success reply and how it changes the saga's data. */
        @SuppressWarnings("unchecked")
        public <R> StepBuilder<D> onSuccess(Class<R> replyType, SagaReplyHandler<D, R> handler) {
            if (successType != null) {
                throw new IllegalStateException("step " + name + " already has a success reply");
            }
            this.successType = Objects.requireNonNull(replyType, "replyType");
            this.successHandler = (SagaReplyHandler<D, Object>) Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** A failure reply: the saga compensates the steps already done and ends with {@code outcome}. */
        public StepBuilder<D> onFailure(Class<?> replyType, String outcome) {
            Objects.requireNonNull(replyType, "replyType");
            if (outcome == null || outcome.isBlank()) {
                throw new IllegalArgumentException("outcome must not be blank");
            }
            if (failures.putIfAbsent(replyType, outcome) != null) {
                throw new IllegalStateException("step " + name + " already has failure reply " + replyType.getSimpleName());
            }
            return this;
        }

        /** The reply that confirms the compensation. */
        public StepBuilder<D> compensatedBy(Class<?> replyType) {
            this.compensatedBy = Objects.requireNonNull(replyType, "replyType");
            return this;
        }

        /** How long each send of the command waits for its reply. */
        public StepBuilder<D> deadline(Duration deadline) {
            this.deadline = positive(deadline, "deadline");
            return this;
        }

        public StepBuilder<D> retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * What happens when the command's retry budget is spent without a reply: by default the step fails as
         * {@link SagaOutcomes#TIMED_OUT} and the saga compensates; {@link WhenRetriesRunOut#PAUSE} pauses the saga
         * instead, for support staff to unpause once whatever kept the reply away is fixed.
         */
        public StepBuilder<D> whenRetriesRunOut(WhenRetriesRunOut action) {
            this.whenRetriesRunOut = Objects.requireNonNull(action, "whenRetriesRunOut");
            return this;
        }

        /**
         * What happens when the compensation's retry budget is spent without a reply: by default the saga needs
         * attention; {@link WhenRetriesRunOut#PAUSE} pauses it instead.
         */
        public StepBuilder<D> whenCompensationRetriesRunOut(WhenRetriesRunOut action) {
            this.whenCompensationRetriesRunOut = Objects.requireNonNull(action, "whenCompensationRetriesRunOut");
            return this;
        }

        /**
         * How long each send of the compensation waits for its reply; by default the saga's default compensation
         * deadline, else the step's deadline.
         */
        public StepBuilder<D> compensationDeadline(Duration deadline) {
            this.compensationDeadline = positive(deadline, "compensationDeadline");
            return this;
        }

        /** When this budget is spent without a reply, the saga needs attention. */
        public StepBuilder<D> compensationRetry(RetryPolicy retry) {
            this.compensationRetry = Objects.requireNonNull(retry, "compensationRetry");
            return this;
        }

        public StepBuilder<D> step(String next) {
            saga.steps.add(finish());
            return saga.step(next);
        }

        public SagaDefinition<D> build() {
            saga.steps.add(finish());
            return saga.finish();
        }

        private StepDefinition<D> finish() {
            if (command == null) {
                throw new IllegalStateException("step " + name + " has no command (invoke)");
            }
            if (successType == null) {
                throw new IllegalStateException("step " + name + " has no success reply (onSuccess)");
            }
            if ((compensation == null) != (compensatedBy == null)) {
                throw new IllegalStateException("step " + name
                        + " needs both a compensation (withCompensation) and its reply (compensatedBy), or neither");
            }
            Set<Class<?>> replies = new HashSet<>();
            replies.add(successType);
            for (Class<?> failure : failures.keySet()) {
                if (!replies.add(failure)) {
                    throw new IllegalStateException("step " + name + ": " + failure.getSimpleName()
                            + " cannot be both success and failure");
                }
            }
            if (compensatedBy != null && replies.contains(compensatedBy)) {
                throw new IllegalStateException("step " + name + ": " + compensatedBy.getSimpleName()
                        + " cannot also be a forward reply");
            }
            Duration stepDeadline = deadline != null ? deadline : saga.defaultDeadline;
            return new StepDefinition<>(name, command, compensation, successType, successHandler, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures)),
                    compensatedBy, stepDeadline, retry != null ? retry : saga.defaultRetry,
                    compensationDeadline != null ? compensationDeadline
                            : saga.defaultCompensationDeadline != null ? saga.defaultCompensationDeadline : stepDeadline,
                    compensationRetry != null ? compensationRetry : saga.defaultCompensationRetry,
                    whenRetriesRunOut, whenCompensationRetriesRunOut);
        }
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }
}
