package io.sagaengine.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The saga definitions the engine runs, compiled, by name. */
final class SagaRegistry {

    private final Map<String, CompiledSaga<?>> sagas = new LinkedHashMap<>();

    SagaRegistry(Collection<? extends SagaDefinition<?>> definitions, int machinePoolSize) {
        for (SagaDefinition<?> definition : definitions) {
            if (sagas.putIfAbsent(definition.name(), new CompiledSaga<>(definition, machinePoolSize)) != null) {
                throw new IllegalStateException("two saga definitions are named " + definition.name());
            }
        }
    }

    /** Whether this build defines sagas of {@code type}; a saga of another type is left to a build that does. */
    boolean defines(String type) {
        return sagas.containsKey(type);
    }

    /** The saga types this build defines. */
    Set<String> types() {
        return Set.copyOf(sagas.keySet());
    }

    CompiledSaga<?> byType(String type) {
        CompiledSaga<?> saga = sagas.get(type);
        if (saga == null) {
            throw new IllegalStateException("no saga definition named " + type);
        }
        return saga;
    }

    @SuppressWarnings("unchecked")
    <D> CompiledSaga<D> of(SagaDefinition<D> definition) {
        CompiledSaga<?> saga = sagas.get(definition.name());
        if (saga == null || saga.definition() != definition) {
            throw new IllegalArgumentException("saga definition " + definition.name()
                    + " is not registered with the engine (declare it as a bean)");
        }
        return (CompiledSaga<D>) saga;
    }
}
