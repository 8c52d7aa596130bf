package io.sagaengine.localstack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The launcher's own class-data sharing archive. The services and the broker start from archives the launcher
 * records for them ({@link StartupArchive}); the launcher is started by {@code local-stack/run}, which names the
 * archive after the launcher's class path and JVM. When there is none yet, the script starts the launcher with
 * {@code -XX:+RecordDynamicDumpInfo} and {@value #PROPERTY}; once the stack is ready, the launcher has loaded what
 * a start needs and has the JVM write those classes into the archive ({@code jcmd <pid> VM.cds dynamic_dump}),
 * under a name of its own first, so that a start never finds half an archive.
 */
final class LauncherArchive {

    /** The system property that names the archive to record. */
    static final String PROPERTY = "local-stack.launcher-archive";

    private static final String RECORDING_OPTION = "-XX:+RecordDynamicDumpInfo";

    private static final String WRITING = ".writing-";

    private LauncherArchive() {
    }

    /** The archive this JVM was asked to record, if its start asked for one and can record it. */
    static Optional<Path> requested() {
        String archive = System.getProperty(PROPERTY);
        if (archive == null || archive.isBlank()
                || !ManagementFactory.getRuntimeMXBean().getInputArguments().contains(RECORDING_OPTION)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(archive).toAbsolutePath());
    }

    /**
     * Writes the classes this JVM has loaded into {@code archive} and removes the archives of other class paths
     * beside it; says what happened through {@code progress}. A failure costs only the archive: the next start
     * records again.
     */
    static void record(Path archive, Consumer<String> progress) {
        long t0 = System.nanoTime();
        progress.accept("recording the launcher's class-data sharing archive (once per build)");
        long pid = ProcessHandle.current().pid();
        Path written = archive.resolveSibling(archive.getFileName() + WRITING + pid);
        try {
            Files.createDirectories(archive.getParent());
            Files.deleteIfExists(written);
            Process jcmd = new ProcessBuilder(jcmd().toString(), String.valueOf(pid), "VM.cds", "dynamic_dump",
                    written.toString()).redirectErrorStream(true).start();
            // its output is a few lines, well within the pipe's buffer: read once it has exited, so the bound holds
            if (!jcmd.waitFor(120, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                throw new IOException("jcmd did not finish within 120 s");
            }
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (jcmd.exitValue() != 0 || !Files.isRegularFile(written) || Files.size(written) == 0) {
                throw new IOException("jcmd exited with " + jcmd.exitValue() + ": " + output);
            }
            removeOthers(archive);
            Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            progress.accept(String.format("the launcher's class-data sharing archive recorded (%.1f s); "
                    + "later starts use it", (System.nanoTime() - t0) / 1e9));
        } catch (IOException e) {
            progress.accept("the launcher's class-data sharing archive was not recorded (the next start tries again): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // a leftover is removed by the next recording
            }
        }
    }

    /** Archives of earlier class paths or JVMs, and what recordings whose launcher is gone left. */
    private static void removeOthers(Path archive) throws IOException {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(archive.getParent())) {
            for (Path sibling : siblings) {
                String name = sibling.getFileName().toString();
                boolean otherArchive = name.endsWith(".jsa") && !sibling.equals(archive);
                if (otherArchive || leftByAGoneLauncher(name)) {
                    Files.deleteIfExists(sibling);
                }
            }
        }
    }

    /** A file being written by a launcher that is no longer running (one still running is left alone). */
    private static boolean leftByAGoneLauncher(String name) {
        int at = name.lastIndexOf(WRITING);
        if (at < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(at + WRITING.length()));
            return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Path jcmd() throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IOException(jcmd + " is missing (a JDK has it, a JRE does not)");
        }
        return jcmd;
    }
}
