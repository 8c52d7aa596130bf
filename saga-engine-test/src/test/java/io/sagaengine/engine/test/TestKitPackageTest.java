package io.sagaengine.engine.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/** The test kit's own classes (this module's main code) stay in the test kit's package. */
class TestKitPackageTest {

    @Test
    void theTestKitPutsNoClassIntoAnotherModulesPackage() {
        JavaClasses own = new ClassFileImporter().importPath(Path.of("target", "classes"));
        assertThat(own).as("this module's compiled main classes").isNotEmpty();
        classes().should().resideInAPackage("io.sagaengine.engine.test..")
                .because("a class in saga-engine's package io.sagaengine.engine from another jar splits the package: "
                        + "it reaches the engine's package-private implementation, which can then not change "
                        + "without breaking the test kit; the engine offers InMemorySagaEngine for test kits")
                .check(own);
    }
}
