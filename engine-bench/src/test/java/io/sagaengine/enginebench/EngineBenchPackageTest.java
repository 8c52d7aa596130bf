package io.sagaengine.enginebench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's own classes (this module's main code, JMH's generated ones too) stay in its package. */
class EngineBenchPackageTest {

    @Test
    void theBenchmarkPutsNoClassIntoAnotherModulesPackage() {
        JavaClasses own = new ClassFileImporter().importPath(Path.of("target", "classes"));
        assertThat(own).as("this module's compiled main classes").isNotEmpty();
        classes().should().resideInAPackage("io.sagaengine.enginebench..")
                .because("a class in the engine's or the order saga's package from another jar splits the package "
                        + "and reaches its package-private implementation; the benchmark drives the engine through "
                        + "InMemorySagaEngine and the order saga through OrderSagaAccess")
                .check(own);
    }
}
