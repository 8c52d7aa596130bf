package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The saga types this instance's build defines. During a rolling upgrade builds that define other types share the
 * database: their sagas are listed and read here like any other, but only an instance whose build defines the type
 * can act on them.
 */
@Component
class SagaTypesHere {

    private final Set<String> names;

    SagaTypesHere(ObjectProvider<SagaDefinition<?>> definitions) {
        this.names = definitions.orderedStream().map(SagaDefinition::name).collect(Collectors.toUnmodifiableSet());
    }

    boolean defines(String type) {
        return names.contains(type);
    }

    String[] names() {
        return names.stream().sorted().toArray(String[]::new);
    }
}
