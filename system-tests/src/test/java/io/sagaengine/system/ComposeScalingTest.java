package io.sagaengine.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker compose up --scale SERVICE=N} must give N working instances of every service: no service may pin
 * what must differ between instances (a Kafka static member name, a container name), and a host port must be one
 * that can be left empty so that each replica gets a random one.
 */
class ComposeScalingTest {

    private static final List<String> SERVICES =
            List.of("saga-orchestrator", "payment-participant", "inventory-participant", "shipping-participant");
    /** A host port from a variable whose empty value means "any port": {@code ${X_HOST_PORT-8080}}, not {@code :-}. */
    private static final Pattern SCALABLE_PORT =
            Pattern.compile("\"\\$\\{BIND_ADDRESS:-[^}]*}:\\$\\{[A-Z_]+_HOST_PORT-\\d+}:\\d+\"");

    @Test
    void everyServiceCanBeScaledFromOneDefinition() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        List<String> lines = Files.readAllLines(root.resolve("docker-compose.yml"));
        for (String service : SERVICES) {
            List<String> definition = definitionOf(service, lines);
            assertThat(definition).as("the definition of %s in docker-compose.yml", service).isNotEmpty();
            assertThat(String.join("\n", definition))
                    .as("%s: every replica leases its own static member name; a fixed one fences the others", service)
                    .doesNotContain("OUTBOX_CONSUMER_INSTANCE_ID")
                    .as("%s: replicas cannot share a container name", service)
                    .doesNotContain("container_name");
            List<String> ports = definition.stream().map(String::trim).filter(l -> l.startsWith("- \"")).toList();
            assertThat(ports).as("%s: published ports", service).isNotEmpty()
                    .allSatisfy(port -> assertThat(SCALABLE_PORT.matcher(port.substring(2)).matches())
                            .as("%s: host port %s must come from a *_HOST_PORT variable that may be empty", service,
                                    port)
                            .isTrue());
        }
    }

    /** The lines of one top-level service, up to the next one (two-space indentation, as the file uses). */
    private static List<String> definitionOf(String service, List<String> lines) {
        List<String> definition = new ArrayList<>();
        boolean inside = false;
        Matcher topLevel = Pattern.compile("^ {2}[a-z0-9-]+:\\s*$").matcher("");
        for (String line : lines) {
            if (topLevel.reset(line).matches() || !line.startsWith(" ") && !line.isBlank()) {
                inside = line.equals("  " + service + ":");
                continue;
            }
            if (inside) {
                definition.add(line);
            }
        }
        return definition;
    }
}
