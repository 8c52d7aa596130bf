package io.sagaengine.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class AotInitializersTest {

    @TempDir
    Path app;

    @Test
    void theInitializersComeFirstOnTheServicesClassPathAndItsJarKeepsTheRest() throws IOException {
        Path jar = serviceJar("lib/spring-boot.jar lib/saga-engine.jar");

        AotInitializers.prependToClassPath(jar, "lib/" + AotInitializers.JAR);

        try (JarFile rewritten = new JarFile(jar.toFile())) {
            Attributes main = rewritten.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.CLASS_PATH))
                    .isEqualTo("lib/aot-initializers.jar lib/spring-boot.jar lib/saga-engine.jar");
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.sagaengine.payment.PaymentApplication");
            assertThat(new String(rewritten.getInputStream(rewritten.getJarEntry("application.yml")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("server.port: 8081\n");
            assertThat(rewritten.stream().filter(e -> e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME))).hasSize(1);
        }
        assertThat(AotInitializers.mainClass(jar)).isEqualTo("io.sagaengine.payment.PaymentApplication");
        assertThat(Files.list(app)).containsExactly(jar); // nothing half-written left
    }

    private Path serviceJar(String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.sagaengine.payment.PaymentApplication");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path jar = app.resolve("payment-participant-exec.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("application.yml"));
            out.write("server.port: 8081\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
