package io.sagaengine.service.aot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The properties that decide which beans a service has, and so what its ahead-of-time initializers fixed when the
 * build made them: with {@code -Dspring.aot.enabled=true} a service starts from bean definitions the build
 * evaluated once, with the build's values of these properties.
 * <p>
 * A build records each switch's value ({@link AotSwitchesRecorder}); a start compares them with its own and uses
 * the initializers only where all agree ({@link AotSwitchesCheck}). The switches are every property that a
 * {@code @ConditionalOnProperty} or {@code @ConditionalOnBooleanProperty} of this project's code or of an
 * auto-configuration on the class path names, found in the class files so that a new one counts without being
 * listed, and the Spring Boot switches below, which Spring Boot's own conditions read without naming them there.
 */
public final class AotSwitches {

    /** Where a build's ahead-of-time processing records the switches' values, inside the service's jar. */
    public static final String RESOURCE = "META-INF/saga-engine/aot-switches.properties";

    /** The packages whose conditions are found in their classes. */
    static final String PROJECT_PACKAGE = "io.sagaengine";

    /**
     * Spring Boot switches read by conditions of their own kind (not a property condition), that this project's
     * configuration or documentation sets or that decide which endpoints and exporters exist: span and metrics
     * export, the management port, the exposed endpoints, health probes and virtual threads.
     */
    static final List<String> SPRING_BOOT_SWITCHES = List.of(
            "management.opentelemetry.tracing.export.otlp.endpoint",
            "management.opentelemetry.tracing.export.enabled",
            "management.tracing.enabled",
            "management.tracing.export.enabled",
            "management.server.port",
            "management.endpoints.web.exposure.include",
            "management.endpoints.web.exposure.exclude",
            "management.endpoint.health.probes.enabled",
            "management.otlp.metrics.export.enabled",
            "management.prometheus.metrics.export.enabled",
            "spring.threads.virtual.enabled",
            "springdoc.api-docs.enabled",
            "springdoc.swagger-ui.enabled");

    private static final String PRESENT = "present.";
    private static final String ABSENT = "absent.";

    private AotSwitches() {
    }

    /**
     * The listed Spring Boot switches and every property named by a property condition of the project's classes
     * or of an auto-configuration on the class path (Spring Boot's, Spring Kafka's, the OpenAPI pages', ...).
     */
    static SortedSet<String> all(ClassLoader classLoader) {
        SortedSet<String> names = new TreeSet<>(SPRING_BOOT_SWITCHES);
        names.addAll(conditionPropertiesUnder(PROJECT_PACKAGE, classLoader));
        names.addAll(conditionPropertiesOfAutoConfigurations(classLoader));
        return names;
    }

    /** The properties named by property conditions of the auto-configurations listed on the class path. */
    static SortedSet<String> conditionPropertiesOfAutoConfigurations(ClassLoader classLoader) {
        MetadataReaderFactory readers = new CachingMetadataReaderFactory(classLoader);
        SortedSet<String> names = new TreeSet<>();
        List<String> types = new ArrayList<>(ImportCandidates.load(AutoConfiguration.class, classLoader).getCandidates());
        for (int i = 0; i < types.size(); i++) { // grows by the nested configuration classes
            AnnotationMetadata metadata;
            try {
                metadata = readers.getMetadataReader(types.get(i)).getAnnotationMetadata();
            } catch (IOException listedButAbsent) {
                continue;
            }
            names.addAll(propertyNames(metadata));
            types.addAll(List.of(metadata.getMemberClassNames()));
        }
        return names;
    }

    /** The properties named by {@code @ConditionalOnProperty}/{@code @ConditionalOnBooleanProperty} in a package. */
    static SortedSet<String> conditionPropertiesUnder(String basePackage, ClassLoader classLoader) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
        MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
        SortedSet<String> names = new TreeSet<>();
        try {
            for (Resource type : resolver.getResources("classpath*:" + basePackage.replace('.', '/') + "/**/*.class")) {
                names.addAll(propertyNames(readers.getMetadataReader(type).getAnnotationMetadata()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the classes under " + basePackage, e);
        }
        return names;
    }

    private static List<String> propertyNames(AnnotationMetadata type) {
        List<String> names = new ArrayList<>(propertyNames(type.getAnnotations()));
        for (MethodMetadata method : type.getDeclaredMethods()) {
            names.addAll(propertyNames(method.getAnnotations()));
        }
        return names;
    }

    private static List<String> propertyNames(MergedAnnotations annotations) {
        List<MergedAnnotation<?>> conditions = new ArrayList<>();
        annotations.stream(ConditionalOnProperty.class).forEach(conditions::add);
        annotations.stream(ConditionalOnBooleanProperty.class).forEach(conditions::add);
        // a repeated condition is read from the class file as its container
        annotations.stream(ConditionalOnProperties.class).forEach(container ->
                conditions.addAll(List.of(container.getAnnotationArray("value", ConditionalOnProperty.class))));
        annotations.stream(ConditionalOnBooleanProperties.class).forEach(container ->
                conditions.addAll(List.of(container.getAnnotationArray("value", ConditionalOnBooleanProperty.class))));
        List<String> names = new ArrayList<>();
        conditions.forEach(condition -> names.addAll(propertyNames(condition)));
        return names;
    }

    private static List<String> propertyNames(MergedAnnotation<?> condition) {
        String prefix = condition.getString("prefix").trim();
        if (!prefix.isEmpty() && !prefix.endsWith(".")) {
            prefix = prefix + ".";
        }
        String[] names = condition.getStringArray("name");
        if (names.length == 0) {
            names = condition.getStringArray("value");
        }
        List<String> full = new ArrayList<>();
        for (String name : names) {
            full.add(prefix + name);
        }
        return full;
    }

    /** Each switch's value in the environment, as a build records it. */
    static Properties record(Set<String> switches, Environment environment) {
        Properties recorded = new Properties();
        for (String name : switches) {
            String value = environment.getProperty(name);
            if (value == null) {
                recorded.setProperty(ABSENT + name, "");
            } else {
                recorded.setProperty(PRESENT + name, value);
            }
        }
        return recorded;
    }

    /**
     * The switches whose value in the environment differs from the recorded one, each with both values, for
     * example {@code management.server.port (9090 now, unset when built)}.
     */
    static List<String> differences(Properties recorded, Environment environment) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Optional<String>> built : recordedValues(recorded).entrySet()) {
            String now = environment.getProperty(built.getKey());
            if (!Objects.equals(built.getValue().orElse(null), now)) {
                differences.add(built.getKey() + " (" + shown(now) + " now, " + shown(built.getValue().orElse(null))
                        + " when built)");
            }
        }
        return differences;
    }

    private static Map<String, Optional<String>> recordedValues(Properties recorded) {
        Map<String, Optional<String>> values = new TreeMap<>();
        for (String key : recorded.stringPropertyNames()) {
            if (key.startsWith(PRESENT)) {
                values.put(key.substring(PRESENT.length()), Optional.of(recorded.getProperty(key)));
            } else if (key.startsWith(ABSENT)) {
                values.put(key.substring(ABSENT.length()), Optional.empty());
            }
        }
        return values;
    }

    private static String shown(String value) {
        return value == null ? "unset" : "'" + value + "'";
    }
}
