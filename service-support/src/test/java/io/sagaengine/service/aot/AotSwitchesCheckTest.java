package io.sagaengine.service.aot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.SpringProperties;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AotSwitchesCheckTest {

    @TempDir
    Path jar;

    @AfterEach
    void clearTheFlag() {
        SpringProperties.setProperty(AotDetector.AOT_ENABLED, null);
    }

    @Test
    void withTheBuildsSettingsTheServiceStartsFromItsInitializers() throws IOException {
        SpringProperties.setFlag(AotDetector.AOT_ENABLED);
        MockEnvironment settings = new MockEnvironment().withProperty("outbox.relay.enabled", "true");

        check(builtWith(settings), settings);

        assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
    }

    @Test
    void withADifferentSwitchTheServiceStartsTheUsualWay() throws IOException {
        SpringProperties.setFlag(AotDetector.AOT_ENABLED);
        SpringApplication application = builtWith(new MockEnvironment().withProperty("outbox.relay.enabled", "true"));

        check(application, new MockEnvironment().withProperty("outbox.relay.enabled", "false"));

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
    }

    @Test
    void aJarWithoutARecordStartsTheUsualWay() {
        SpringProperties.setFlag(AotDetector.AOT_ENABLED);
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(new URLClassLoader(new URL[0], null)));

        check(application, new MockEnvironment());

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
    }

    @Test
    void withoutTheFlagNothingChanges() throws IOException {
        SpringApplication application = builtWith(new MockEnvironment().withProperty("outbox.relay.enabled", "true"));

        check(application, new MockEnvironment().withProperty("outbox.relay.enabled", "false"));

        assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
        assertThat(SpringProperties.getProperty(AotDetector.AOT_ENABLED)).isNull();
    }

    private static void check(SpringApplication application, MockEnvironment environment) {
        new AotSwitchesCheck(new DeferredLogs()).postProcessEnvironment(environment, application);
    }

    /** An application whose class path holds the record a build made with these settings. */
    private SpringApplication builtWith(MockEnvironment buildSettings) throws IOException {
        Properties recorded = AotSwitches.record(Set.of("outbox.relay.enabled"), buildSettings);
        Path resource = jar.resolve(AotSwitches.RESOURCE);
        Files.createDirectories(resource.getParent());
        try (OutputStream out = Files.newOutputStream(resource)) {
            recorded.store(out, null);
        }
        SpringApplication application = new SpringApplication();
        application.setResourceLoader(new DefaultResourceLoader(
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)));
        return application;
    }
}
