package io.sagaengine.service.participant.requests;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The request protocol on a real PostgreSQL database, migrated the way a participant service migrates it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Outcome.Done.class, name = "DONE"),
            @JsonSubTypes.Type(value = Outcome.Refused.class, name = "REFUSED")})
    sealed interface Outcome {
        record Done(UUID requestId, UUID effectId, BigDecimal amount) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    private String database;
    private DataSource dataSource;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private Requests<Outcome> requests;
    private final AtomicInteger ruleRuns = new AtomicInteger();
    private final List<Outcome> undone = new CopyOnWriteArrayList<>();

    @BeforeAll
    void migrate() {
        database = "requests_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        dataSource = new DriverManagerDataSource(SERVERS.createDatabase(database), SERVERS.username(),
                SERVERS.password());
        serviceFlyway(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        requests = new ParticipantRequests(jdbc).of(Outcome.class);
    }

    @BeforeEach
    void reset() {
        ruleRuns.set(0);
        undone.clear();
    }

    @Test
    void aRedeliveryIsAnsweredFromTheRecordedOutcomeAndTheRuleRunsOnce() {
        ChargePayment command = command();

        Forwarded<Outcome> first = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));
        Forwarded<Outcome> second = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));

        assertThat(first).isInstanceOf(Forwarded.Executed.class);
        assertThat(second).isEqualTo(first);
        assertThat(((Forwarded.Executed<Outcome>) second).outcome()).isInstanceOf(Outcome.Done.class);
        assertThat(ruleRuns).hasValue(1);
        assertThat(effects(command)).isEqualTo(1);
    }

    @Test
    void aRefusalIsRecordedAndRepeatedToo() {
        ChargePayment command = command();

        Forwarded<Outcome> first = inTransaction(() -> requests.forward(command, () -> new Outcome.Refused("NO")));
        Forwarded<Outcome> second = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));

        assertThat(second).isEqualTo(first).isEqualTo(new Forwarded.Executed<Outcome>(new Outcome.Refused("NO")));
        assertThat(ruleRuns).hasValue(0);
    }

    @Test
    void aCompensationUndoesOnceWithTheRecordedOutcomeAndALaterForwardGetsTheSameAnswer() {
        ChargePayment command = command();
        Forwarded<Outcome> executed = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));

        Compensation first = inTransaction(() -> requests.compensate(compensation(command), this::undo));
        Compensation second = inTransaction(() -> requests.compensate(compensation(command), this::undo));
        Forwarded<Outcome> late = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));

        assertThat(first).isEqualTo(Compensation.UNDONE);
        assertThat(second).isEqualTo(Compensation.ALREADY_COMPENSATED);
        assertThat(undone).containsExactly(((Forwarded.Executed<Outcome>) executed).outcome());
        assertThat(late).isEqualTo(executed);
        assertThat(ruleRuns).hasValue(1);
        assertThat(state(command)).isEqualTo("COMPENSATED");
    }

    @Test
    void aCompensationBeforeTheForwardCommandIsRecordedAndTheLateForwardCommandDoesNotRun() {
        ChargePayment command = command();

        Compensation compensated = inTransaction(() -> requests.compensate(compensation(command), this::undo));
        Forwarded<Outcome> late = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));
        Compensation again = inTransaction(() -> requests.compensate(compensation(command), this::undo));

        assertThat(compensated).isEqualTo(Compensation.RECORDED_BEFORE_EXECUTION);
        assertThat(late).isEqualTo(new Forwarded.CompensatedBeforeExecution<Outcome>());
        assertThat(late.reply(outcome -> "executed", () -> "already compensated")).isEqualTo("already compensated");
        assertThat(again).isEqualTo(Compensation.ALREADY_COMPENSATED);
        assertThat(ruleRuns).hasValue(0);
        assertThat(undone).isEmpty();
        assertThat(effects(command)).isZero();
        assertThat(requests.byKey(command.orderId())).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RequestState.COMPENSATED_BEFORE_EXECUTION);
            assertThat(r.outcome()).isNull();
            assertThat(r.compensatedAt()).isNotNull();
        });
    }

    @Test
    void twoDeliveriesOfOneRequestAtOnceTakeTurnsAndTheRuleRunsOnce() throws Exception {
        ChargePayment command = command();
        CountDownLatch firstInRule = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        Supplier<Outcome> slowRule = () -> {
            Outcome outcome = applyEffect(command);
            if (ruleRuns.get() == 1) {
                firstInRule.countDown();
                awaitRelease(letFirstFinish);
            }
            return outcome;
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Forwarded<Outcome>> first = CompletableFuture.supplyAsync(
                    () -> inTransaction(() -> requests.forward(command, slowRule)), pool);
            assertThat(firstInRule.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first delivery in its rule").isTrue();
            CompletableFuture<Forwarded<Outcome>> second = CompletableFuture.supplyAsync(
                    () -> inTransaction(() -> requests.forward(command, slowRule)), pool);

            await().atMost(WAIT).until(() -> sessionsWaitingForALock() == 1);
            letFirstFinish.countDown();

            assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            letFirstFinish.countDown();
            pool.shutdownNow();
        }
        assertThat(ruleRuns).hasValue(1);
        assertThat(effects(command)).isEqualTo(1);
    }

    @Test
    void aCompensationArrivingWhileItsForwardCommandRunsWaitsForItAndUndoesIt() throws Exception {
        ChargePayment command = command();
        CountDownLatch inRule = new CountDownLatch(1);
        CountDownLatch letItFinish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Forwarded<Outcome>> forward = CompletableFuture.supplyAsync(
                    () -> inTransaction(() -> requests.forward(command, () -> {
                        Outcome outcome = applyEffect(command);
                        inRule.countDown();
                        awaitRelease(letItFinish);
                        return outcome;
                    })), pool);
            assertThat(inRule.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Compensation> compensate = CompletableFuture.supplyAsync(
                    () -> inTransaction(() -> requests.compensate(compensation(command), this::undo)), pool);

            await().atMost(WAIT).until(() -> sessionsWaitingForALock() == 1);
            letItFinish.countDown();

            Forwarded<Outcome> executed = forward.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(compensate.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Compensation.UNDONE);
            assertThat(undone).containsExactly(((Forwarded.Executed<Outcome>) executed).outcome());
        } finally {
            letItFinish.countDown();
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT bool_and(undone) FROM effect WHERE request_id = ?", Boolean.class,
                command.requestId())).isTrue();
    }

    @Test
    void aRuleThatFailsLeavesNothingRecordedSoTheNextDeliveryRunsIt() {
        ChargePayment command = command();

        assertThatThrownBy(() -> inTransaction(() -> requests.forward(command, () -> {
            applyEffect(command);
            throw new IllegalStateException("database said no");
        }))).hasMessage("database said no");
        Forwarded<Outcome> retried = inTransaction(() -> requests.forward(command, () -> applyEffect(command)));

        assertThat(retried).isInstanceOf(Forwarded.Executed.class);
        assertThat(ruleRuns).hasValue(2);
        assertThat(effects(command)).isEqualTo(1);
    }

    @Test
    void outsideATransactionNothingIsRecorded() {
        ChargePayment command = command();

        assertThatThrownBy(() -> requests.forward(command, () -> applyEffect(command)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(requests.byKey(command.orderId())).isEmpty();
    }

    @Test
    void theTableKeepsAHistoryOfItsOwnAndComesToADatabaseThatAlreadyHasTheServiceTables() {
        assertThat(jdbc.queryForList("SELECT version FROM participant_request_schema_history WHERE success "
                + "AND type = 'SQL'", String.class)).containsExactly("1", "2");
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE type = 'SQL'", String.class))
                .containsExactly("1");

        // a service database from before: its own V1 applied, no participant_request table
        String before = "requests_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource old = new DriverManagerDataSource(SERVERS.createDatabase(before), SERVERS.username(),
                SERVERS.password());
        Flyway.configure().dataSource(old).locations("classpath:db/requests-it").load().migrate();
        serviceFlyway(old).load().migrate();

        assertThat(new JdbcTemplate(old).queryForObject("SELECT count(*) FROM participant_request", Integer.class))
                .isZero();
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** The service's Flyway, as Boot would configure it with the auto-configuration's customizer. */
    private static FluentConfiguration serviceFlyway(DataSource dataSource) {
        FluentConfiguration configuration = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/requests-it");
        new ParticipantRequestsAutoConfiguration().participantRequestMigrations().customize(configuration);
        return configuration;
    }

    private Outcome applyEffect(Command command) {
        ruleRuns.incrementAndGet();
        jdbc.update("INSERT INTO effect (request_id) VALUES (?)", command.requestId());
        return new Outcome.Done(command.requestId(), UUID.randomUUID(), new BigDecimal("12.50"));
    }

    private void undo(Outcome outcome) {
        undone.add(outcome);
        if (outcome instanceof Outcome.Done done) {
            jdbc.update("UPDATE effect SET undone = true WHERE request_id = ?", done.requestId());
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    private int effects(Command command) {
        return jdbc.queryForObject("SELECT count(*) FROM effect WHERE request_id = ?", Integer.class,
                command.requestId());
    }

    private String state(Command command) {
        return jdbc.queryForObject("SELECT state FROM participant_request WHERE request_id = ?", String.class,
                command.requestId());
    }

    private int sessionsWaitingForALock() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'",
                Integer.class, database);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ChargePayment command() {
        return new ChargePayment(UUID.randomUUID(), "order-" + UUID.randomUUID(), "alice", new BigDecimal("12.50"),
                "EUR");
    }

    private static RefundPayment compensation(ChargePayment command) {
        return new RefundPayment(command.requestId(), command.orderId(), command.customerId(), command.amount(),
                command.currency());
    }
}
