package io.sagaengine.system;

import io.sagaengine.testsupport.Folders;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A newcomer's first hour, automated: start the system exactly as the README's run command does (in a child
 * process), wait for READY, run the README's walkthrough script, stop with SIGTERM as Ctrl-C would, and
 * check that no process is left behind.
 */
class ReadmeWalkthroughIT {

    private static final String RUN_COMMAND = "local-stack/run";

    @Test
    void theReadmeCommandStartsTheSystemAndTheWalkthroughSucceeds() throws Exception {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        assertThat(readme).contains("```bash\n" + RUN_COMMAND + "\n```").contains("docs/walkthrough.sh");

        // the first start of a build records the launcher's own class-data sharing archive once it is ready
        Path launcherArchives = root.resolve("local-stack/target/startup-archives/launcher");
        Folders.deleteRecursively(launcherArchives);

        int httpPort = SystemStack.freeBasePort();
        int postgresPort = SystemStack.freePort();
        int kafkaPort = SystemStack.freePort();
        ProcessBuilder run = new ProcessBuilder("bash", RUN_COMMAND, "--http-port", String.valueOf(httpPort),
                "--postgres-port", String.valueOf(postgresPort), "--kafka-port", String.valueOf(kafkaPort))
                .directory(root.toFile())
                .redirectErrorStream(true);
        run.environment().put("SAGA_SKIP_BUILD", "1"); // the build that runs this test has just built it
        Process system = run.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture.runAsync(() -> readLines(system, output));
        try {
            await().atMost(java.time.Duration.ofSeconds(240)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> output.stream().anyMatch(l -> l.startsWith("READY")) || !system.isAlive());
            assertThat(system.isAlive()).as("system running; output:%n%s", String.join("\n", output)).isTrue();
            String ready = output.stream().filter(l -> l.startsWith("READY")).findFirst().orElseThrow();
            assertThat(ready).contains("orchestrator=http://localhost:" + httpPort)
                    .contains("console=http://localhost:" + httpPort + "/console/")
                    .contains("support:support-dev-password");
            assertThat(output).anyMatch(l -> l.contains("curl -si -X POST"));
            assertThat(output).anyMatch(l -> l.startsWith("[stack] ") && l.contains("ready"));
            // with the README's settings every service starts from the initializers made for this build
            for (String service : List.of("orchestrator", "payment", "inventory", "shipping")) {
                assertThat(output).as("%s started from its ahead-of-time initializers; output:%n%s", service,
                        String.join("\n", output)).anyMatch(l -> l.startsWith("[stack] " + service + " ready (")
                        && l.endsWith(", from its ahead-of-time initializers"));
            }

            Process walkthrough = new ProcessBuilder("bash", "docs/walkthrough.sh", "http://localhost:" + httpPort)
                    .directory(root.toFile()).redirectErrorStream(true).start();
            List<String> steps = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> readLines(walkthrough, steps));
            assertThat(walkthrough.waitFor(180, TimeUnit.SECONDS)).as("walkthrough finished").isTrue();
            reading.get(10, TimeUnit.SECONDS);
            output.stream().filter(l -> l.startsWith("[stack]")).forEach(System.out::println);
            System.out.println(String.join("\n", steps));
            assertThat(walkthrough.exitValue()).as("walkthrough:%n%s", String.join("\n", steps)).isZero();
            assertThat(steps).anyMatch(l -> l.startsWith("walkthrough: OK"));

            await().atMost(java.time.Duration.ofSeconds(120)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> output.stream().anyMatch(l -> l.startsWith("[stack] the launcher's class-data sharing")));
            assertThat(output).as("the launcher recorded its archive; output:%n%s", String.join("\n", output))
                    .anyMatch(l -> l.startsWith("[stack] the launcher's class-data sharing archive recorded"));
            try (var archives = Files.list(launcherArchives)) {
                assertThat(archives.map(p -> p.getFileName().toString()))
                        .singleElement().asString().startsWith("launcher-").endsWith(".jsa");
            }
        } finally {
            List<ProcessHandle> family = system.descendants().toList();
            system.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the launcher's shutdown hook stops everything
            boolean exited = system.waitFor(120, TimeUnit.SECONDS);
            if (!exited) {
                system.destroyForcibly();
            }
            assertThat(exited).as("launcher exited after SIGTERM").isTrue();
            await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> family.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(family).as("processes started by the launcher; its output:%n%s", String.join("\n", output))
                    .isNotEmpty();
            // PostgreSQL daemonizes away from the launcher's process tree: check its port instead
            for (int port : new int[] {postgresPort, kafkaPort, httpPort, httpPort + 1, httpPort + 2, httpPort + 3}) {
                assertThat(SystemStack.free(port)).as("port %d released", port).isTrue();
            }
        }
    }

    private static void readLines(Process process, List<String> into) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                into.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
