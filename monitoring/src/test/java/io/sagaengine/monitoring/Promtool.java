package io.sagaengine.monitoring;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Prometheus's {@code promtool}, found on the PATH. Missing, it fails the test where the environment variable
 * {@code CI} is {@code true} (CI installs it) and skips it elsewhere, saying how to install it.
 */
final class Promtool {

    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    static Promtool onPath() {
        Optional<Path> found = find(System.getenv("PATH"));
        String missing = "promtool is not on the PATH: install it with `apt-get install prometheus` (Debian and Ubuntu; "
                + ".ci/run does so when it is missing) or from a Prometheus release";
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        return new Promtool(found.get());
    }

    static Optional<Path> find(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Runs {@code promtool args...} in {@code directory}; its standard output and error together. */
    Result run(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(String.join(" ", command), process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    record Result(String command, int exitCode, String output) {

        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return command + " exited with " + exitCode + ":\n" + output;
        }
    }
}
