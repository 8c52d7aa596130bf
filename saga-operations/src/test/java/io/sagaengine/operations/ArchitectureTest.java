package io.sagaengine.operations;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.sagaengine.contracts.OrderFlowMessages;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The operations library's boundaries. That it knows no application is also kept by Maven (it depends on no
 * application module); these rules keep it from growing a tie to one saga type's messages or code.
 */
@AnalyzeClasses(packages = "io.sagaengine.operations", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule neverDependsOnOrders = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.sagaengine.orchestrator..",
                    "io.sagaengine.contracts.payment..", "io.sagaengine.contracts.inventory..",
                    "io.sagaengine.contracts.shipping..", "io.sagaengine.examples..")
            .orShould().dependOnClassesThat().belongToAnyOf(OrderFlowMessages.class)
            .because("operations serve every saga type an application defines, through the engine's SagaQueries, "
                    + "SagaOperations, SagaCensus and SagaEngineObserver; nothing here may know orders or trips");

    @ArchTest
    static final ArchRule adminApiAndMonitoringUseOnlyTheEnginesSurface = noClasses()
            .that().resideInAnyPackage("io.sagaengine.operations.admin..", "io.sagaengine.operations.monitoring..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sagaengine.contracts..")
            .because("support staff and metrics see any saga through the engine, not through one saga's messages");

    @ArchTest
    static final ArchRule sagasAreReadThroughTheEngine = noClasses()
            .that().resideInAnyPackage("io.sagaengine.operations.admin..", "io.sagaengine.operations.monitoring..",
                    "io.sagaengine.operations.console..", "io.sagaengine.operations.signin..")
            .and().doNotHaveSimpleName("AdminReads")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("the admin API, the console and the gauges read sagas through the engine's documented surface "
                    + "(SagaQueries, SagaFinder, SagaCensus), never with SQL on its tables; AdminReads only bounds "
                    + "those reads (read-only, statement_timeout)");
}
