package io.sagaengine.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The saga definitions the engine runs, compiled, by name and version. Several versions of one type may be
 * registered: a saga runs on the version it records, new sagas start on the newest.
 */
final class SagaRegistry {

    private final Map<String, NavigableMap<Integer, CompiledSaga<?>>> sagas = new LinkedHashMap<>();

    SagaRegistry(Collection<? extends SagaDefinition<?>> definitions, int machinePoolSize) {
        for (SagaDefinition<?> definition : definitions) {
            NavigableMap<Integer, CompiledSaga<?>> versions =
                    sagas.computeIfAbsent(definition.name(), name -> new TreeMap<>());
            if (!versions.isEmpty() && versions.firstEntry().getValue().definition().dataType() != definition.dataType()) {
                throw new IllegalStateException("the versions of saga " + definition.name()
                        + " must share one data type: " + versions.firstEntry().getValue().definition().dataType()
                        .getName() + " and " + definition.dataType().getName());
            }
            if (versions.putIfAbsent(definition.version(), new CompiledSaga<>(definition, machinePoolSize)) != null) {
                throw new IllegalStateException("two saga definitions are named " + definition.name() + " version "
                        + definition.version());
            }
        }
    }

    /** Whether this build defines sagas of {@code type}, in some version. */
    boolean defines(String type) {
        return sagas.containsKey(type);
    }

    /**
     * Whether this build defines the version a saga runs on; a saga of another type or version is left to a build
     * that does.
     */
    boolean defines(SagaVersion version) {
        NavigableMap<Integer, CompiledSaga<?>> versions = sagas.get(version.type());
        return versions != null && versions.containsKey(version.version());
    }

    /** The saga types this build defines. */
    Set<String> types() {
        return Set.copyOf(sagas.keySet());
    }

    /** Every version of every saga type this build defines. */
    Set<SagaVersion> versions() {
        return sagas.entrySet().stream()
                .flatMap(e -> e.getValue().keySet().stream().map(v -> new SagaVersion(e.getKey(), v)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The compiled definition a saga runs on. */
    CompiledSaga<?> of(SagaRecord saga) {
        return find(saga.definition()).orElseThrow(() -> new IllegalStateException("no saga definition named "
                + saga.type() + " version " + saga.definitionVersion()));
    }

    Optional<CompiledSaga<?>> find(SagaVersion version) {
        NavigableMap<Integer, CompiledSaga<?>> versions = sagas.get(version.type());
        return Optional.ofNullable(versions == null ? null : versions.get(version.version()));
    }

    /**
     * The newest registered version of {@code definition}'s type, which new sagas start on.
     *
     * @throws IllegalArgumentException if {@code definition} itself is not registered
     */
    @SuppressWarnings("unchecked")
    <D> CompiledSaga<D> newest(SagaDefinition<D> definition) {
        NavigableMap<Integer, CompiledSaga<?>> versions = sagas.get(definition.name());
        CompiledSaga<?> registered = versions == null ? null : versions.get(definition.version());
        if (registered == null || registered.definition() != definition) {
            throw new IllegalArgumentException("saga definition " + definition.name() + " version "
                    + definition.version() + " is not registered with the engine (declare it as a bean)");
        }
        return (CompiledSaga<D>) versions.lastEntry().getValue();
    }
}
