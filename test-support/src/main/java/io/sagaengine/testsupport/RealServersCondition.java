package io.sagaengine.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips integration test classes ({@code *IT}, {@code *IntegrationTest}) when the Testcontainers servers
 * were chosen but no Docker engine is reachable. Registered for every test through JUnit's extension
 * auto-detection, so a class is skipped before anything in it runs.
 */
public final class RealServersCondition implements ExecutionCondition {

    private static volatile Boolean dockerAvailable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!"testcontainers".equals(System.getProperty(RealServers.PROPERTY))) {
            return ConditionEvaluationResult.enabled("embedded servers");
        }
        boolean integration = context.getTestClass()
                .map(c -> c.getSimpleName().endsWith("IT") || c.getSimpleName().endsWith("IntegrationTest"))
                .orElse(false);
        if (!integration || docker()) {
            return ConditionEvaluationResult.enabled("Docker is available or not needed");
        }
        return ConditionEvaluationResult.disabled(RealServers.PROPERTY + "=testcontainers needs a Docker engine; none is reachable");
    }

    private static boolean docker() {
        Boolean available = dockerAvailable;
        if (available == null) {
            available = DockerClientFactory.instance().isDockerAvailable();
            dockerAvailable = available;
        }
        return available;
    }
}
