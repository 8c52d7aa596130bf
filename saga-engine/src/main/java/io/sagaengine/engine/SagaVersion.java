package io.sagaengine.engine;

import java.util.Collection;

/** A saga type and one version of its definition. */
record SagaVersion(String type, int version) {

    @Override
    public String toString() {
        return type + " v" + version;
    }

    static String[] types(Collection<SagaVersion> versions) {
        return versions.stream().map(SagaVersion::type).toArray(String[]::new);
    }

    static Integer[] versions(Collection<SagaVersion> versions) {
        return versions.stream().map(SagaVersion::version).toArray(Integer[]::new);
    }
}
