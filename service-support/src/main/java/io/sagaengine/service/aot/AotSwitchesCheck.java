package io.sagaengine.service.aot;

import org.apache.commons.logging.Log;
import org.springframework.aot.AotDetector;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Lets a service start from its ahead-of-time initializers ({@code -Dspring.aot.enabled=true}) only where they
 * fit: when every {@link AotSwitches switch} has the value the build recorded. Otherwise the service starts the
 * usual way, evaluating its conditions now, and says which switch differs; it never runs with beans chosen for
 * other settings. Runs after the configuration files and profiles are read, before the context is made.
 */
final class AotSwitchesCheck implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    AotSwitchesCheck(DeferredLogFactory logs) {
        this.log = logs.getLog(AotSwitchesCheck.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!AotDetector.useGeneratedArtifacts()) {
            return;
        }
        Properties recorded = recorded(application.getClassLoader());
        if (recorded == null) {
            startWithoutInitializers("this build recorded no switches (" + AotSwitches.RESOURCE + " is missing)");
            return;
        }
        List<String> differences = AotSwitches.differences(recorded, environment);
        if (!differences.isEmpty()) {
            startWithoutInitializers("the settings differ from the build's: " + String.join(", ", differences));
        }
    }

    private void startWithoutInitializers(String why) {
        SpringProperties.setProperty(AotDetector.AOT_ENABLED, "false");
        log.info("Starting without the ahead-of-time initializers, because " + why);
    }

    private static Properties recorded(ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader : AotSwitchesCheck.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(AotSwitches.RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties recorded = new Properties();
            recorded.load(in);
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + AotSwitches.RESOURCE, e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files and the profiles' settings
    }
}
