package io.sagaengine.engine;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.conditions.ArchConditions;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.StateMachineFactory;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The engine's public surface and what it may lean on. (That it knows no application, no saga and no message
 * contract is kept by Maven: none of them is a dependency of this module.)
 */
@AnalyzeClasses(packages = "io.sagaengine.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheDocumentedSurfaceIsPublic = classes()
            .that().resideInAPackage("io.sagaengine.engine").and().arePublic()
            .should(beOneOf(
                    // defining sagas
                    SagaDefinition.class, RetryPolicy.class, SagaCommandFactory.class, SagaReplyHandler.class,
                    SagaOutcomes.class, WhenRetriesRunOut.class,
                    // the messaging port
                    SagaMessaging.class, UnreadableReplyException.class,
                    // starting, being told, acting, reading
                    SagaEngine.class, SagaStatusListener.class, SagaStatusChange.class, SagaEngineObserver.class,
                    SagaPurgeListener.class,
                    SagaOperations.class, OperatorResult.class, SagaQueries.class, SagaView.class, SagaPage.class,
                    SagaSearch.class, TimelineEntry.class, SagaStatus.class, StepStatus.class, SagaEvent.class,
                    SagaCensus.class, DeadlineHold.class,
                    // moving sagas between versions of their definition
                    SagaMigrations.class, SagaMigration.class, MigrationTarget.class, MigrationResult.class,
                    InvalidMigrationException.class, SagaTimelineExport.class,
                    // admin reads
                    SagaFinder.class, SagaCriteria.class, SagaCount.class, SagaOverview.class,
                    // wiring
                    SagaEngineAutoConfiguration.class, SagaEngineProperties.class,
                    // test kits and benchmarks: the engine over in-memory ports
                    InMemorySagaEngine.class))
            .because("applications use the surface package-info lists; the state machine, the store, the listener "
                    + "and the poller can change without breaking them");

    @ArchTest
    static final ArchRule implementationsStayPackagePrivate = classes()
            .that().resideInAPackage("io.sagaengine.engine..")
            .and(simpleNameStartingWith("Jdbc").or(simpleNameStartingWith("Default")))
            .should().notBePublic()
            .because("callers use the engine's interfaces (SagaEngine, SagaOperations, SagaQueries, SagaFinder), "
                    + "not its implementations");

    @ArchTest
    static final ArchRule engineKnowsNoMetricsLibrary = noClasses()
            .that().resideInAPackage("io.sagaengine.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
            .because("the engine tells SagaEngineObserver beans what it did; metrics are one such observer "
                    + "(micrometer is on the classpath through the outbox, so Maven does not keep this)");

    @ArchTest
    static final ArchRule onlyTheWiringKnowsSpringBoot = noClasses()
            .that().resideInAPackage("io.sagaengine.engine..")
            .and(not(belongToAnyOf(SagaEngineAutoConfiguration.class, SagaEngineProperties.class)))
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.boot..")
            .because("the engine's logic runs without Spring Boot (the test kit runs it in memory)");

    @ArchTest
    static final ArchRule noStateMachineIsDrivenToDecideATransition = noClasses()
            .that().resideInAPackage("io.sagaengine.engine..")
            .should().dependOnClassesThat().belongToAnyOf(StateMachine.class, StateMachineBuilder.class,
                    StateMachineFactory.class)
            .because("a saga's transitions are compiled once from its state machine model into TransitionTable; "
                    + "answering from a machine per question costs a reset, a start and an event each time");

    private static ArchCondition<JavaClass> beOneOf(Class<?>... surface) {
        return ArchConditions.be(belongToAnyOf(surface)).as("be part of the documented surface");
    }
}
