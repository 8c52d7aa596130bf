package io.sagaengine.localstack;

import io.sagaengine.testsupport.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerClassPathTest {

    @TempDir
    Path root;

    @Test
    void everyProgramStartsTheBrokerFromTheJarsTheBuildListedSoThatItsArchiveIsShared() throws IOException {
        Path kafka = Files.writeString(root.resolve("kafka.jar"), "k");
        Path clients = Files.writeString(root.resolve("kafka-clients.jar"), "c");
        Path classes = Files.createDirectories(root.resolve("classes"));
        listed(kafka + File.pathSeparator + classes + File.pathSeparator + clients + "\n");

        String classPath = LocalStack.brokerClassPath(root);

        assertThat(classPath).isEqualTo(kafka + File.pathSeparator + clients);
        assertThat(classPath).isNotEqualTo(jarsOfThisJvm()); // not this test's own class path
    }

    @Test
    void aListNamingAJarThatIsGoneIsNotUsed() throws IOException {
        Path kafka = Files.writeString(root.resolve("kafka.jar"), "k");
        listed(kafka + File.pathSeparator + root.resolve("deleted.jar"));

        assertThat(LocalStack.brokerClassPath(root)).isEqualTo(jarsOfThisJvm());
    }

    @Test
    void withoutAListTheJvmsOwnJarsAreUsed() {
        assertThat(LocalStack.brokerClassPath(root)).isEqualTo(jarsOfThisJvm()).contains(".jar");
    }

    private void listed(String content) throws IOException {
        Path file = root.resolve("local-stack").resolve("target").resolve("classpath.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String jarsOfThisJvm() {
        return String.join(File.pathSeparator, java.util.Arrays.stream(JavaProcess.classPath().split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).toList());
    }
}
