package io.sagaengine.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records an archive in a JVM started as {@code local-stack/run} starts the launcher without one, then starts a
 * JVM that must map it ({@code -Xshare:on} refuses to start otherwise).
 */
class LauncherArchiveTest {

    @TempDir
    Path folder;

    @Test
    void aJvmStartedToRecordWritesAnArchiveThatTheNextJvmMaps() throws Exception {
        Path jar = jarOf(LauncherArchive.class, RecordingLauncher.class);
        Path archive = folder.resolve("archives").resolve("launcher-2.jsa");
        Files.createDirectories(archive.getParent());
        Files.writeString(archive.resolveSibling("launcher-1.jsa"), "an earlier class path's archive");
        Files.writeString(archive.resolveSibling("launcher-1.jsa.writing-" + Long.MAX_VALUE), "a gone launcher's");
        Path stillWriting = archive.resolveSibling("launcher-2.jsa.writing-" + ProcessHandle.current().pid());
        Files.writeString(stillWriting, "a running launcher's");

        Run recording = java(List.of("-XX:+RecordDynamicDumpInfo", "-Dlocal-stack.launcher-archive=" + archive),
                jar, RecordingLauncher.class);

        assertThat(recording.exitCode()).as(recording.output()).isZero();
        assertThat(recording.output()).contains("the launcher's class-data sharing archive recorded");
        assertThat(Files.list(archive.getParent()))
                .as("the new archive, and what a launcher still running writes; no other archive, nothing left over")
                .containsExactlyInAnyOrder(archive, stillWriting);

        Run mapping = java(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"), jar, RecordingLauncher.class);

        assertThat(mapping.exitCode()).as(mapping.output()).isZero();
        assertThat(mapping.output()).contains("not asked to record");
    }

    @Test
    void aJvmStartedWithoutTheRecordingOptionIsNotAskedToRecord() {
        assertThat(LauncherArchive.requested()).isEmpty();
    }

    /** Stands in for the launcher: records when asked, as {@link LocalStackMain} does once the stack is ready. */
    public static final class RecordingLauncher {
        public static void main(String[] args) {
            LauncherArchive.requested().ifPresentOrElse(archive -> LauncherArchive.record(archive, System.out::println),
                    () -> System.out.println("not asked to record"));
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run java(List<String> options, Path jar, Class<?> main) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", jar.toString(), main.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** Class-data sharing archives classes from jars only, so the classes under test go into one. */
    private Path jarOf(Class<?>... classes) throws IOException {
        Path jar = folder.resolve("launcher.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
