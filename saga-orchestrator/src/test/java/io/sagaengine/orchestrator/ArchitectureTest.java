package io.sagaengine.orchestrator;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.sagaengine.orchestrator.order.OrderOutcomes;
import io.sagaengine.orchestrator.order.OrderSagaStarter;
import io.sagaengine.orchestrator.order.PlacedOrder;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The order application's own boundaries. That the engine knows nothing of the application is kept by Maven: the
 * {@code saga-engine} module does not depend on this one (its own rules are in its module).
 */
@AnalyzeClasses(packages = "io.sagaengine.orchestrator", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyWhatIsAboutOrders = classes()
            .should().resideInAnyPackage("io.sagaengine.orchestrator", "io.sagaengine.orchestrator.order..",
                    "io.sagaengine.orchestrator.ordersaga..", "io.sagaengine.orchestrator.admission..",
                    "io.sagaengine.orchestrator.saga..")
            .because("the order application holds only what is about orders: the admin API, dead letters, the "
                    + "console, sign-in and the saga gauges are the saga-operations library's, for every saga type");

    @ArchTest
    static final ArchRule orderApiDoesNotReachIntoTheOrderSaga = noClasses()
            .that().resideInAPackage("io.sagaengine.orchestrator.order..")
            .should().dependOnClassesThat().resideInAPackage("io.sagaengine.orchestrator.ordersaga..")
            .because("the order API starts the saga through OrderSagaStarter, the interface it owns, and hears back "
                    + "through OrderOutcomes; the saga's implementation can change without touching the API");

    @ArchTest
    static final ArchRule orderSagaUsesOnlyTheOrderSeam = noClasses()
            .that().resideInAPackage("io.sagaengine.orchestrator.ordersaga..")
            .should().dependOnClassesThat(resideInAPackage("io.sagaengine.orchestrator.order..")
                    .and(not(belongToAnyOf(PlacedOrder.class, OrderSagaStarter.class, OrderOutcomes.class))))
            .because("the order saga and the order API meet only at PlacedOrder, OrderSagaStarter and OrderOutcomes");

    @ArchTest
    static final ArchRule sagaViewUsesOnlyTheEngine = noClasses()
            .that().resideInAPackage("io.sagaengine.orchestrator.saga..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sagaengine.orchestrator.ordersaga..",
                    "io.sagaengine.orchestrator.order..")
            .because("GET /sagas shows any saga through SagaQueries");

}
