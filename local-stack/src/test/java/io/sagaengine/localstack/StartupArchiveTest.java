package io.sagaengine.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class StartupArchiveTest {

    @TempDir
    Path root;

    @Test
    void aRebuildOfTheSameContentKeepsItsArchive() throws IOException {
        Path jar = root.resolve("app-exec.jar");
        writeJar(jar, Map.of("A.class", "a", "B.class", "b"), 1_000_000L);
        String key = StartupArchive.key(jar);

        writeJar(jar, Map.of("A.class", "a", "B.class", "b"), 9_000_000L); // other timestamps only

        assertThat(StartupArchive.key(jar)).isEqualTo(key);
    }

    @Test
    void aChangedClassFindsNoArchive() throws IOException {
        Path jar = root.resolve("app-exec.jar");
        writeJar(jar, Map.of("A.class", "a", "B.class", "b"), 1_000_000L);
        StartupArchive before = StartupArchive.ofService(root, "app", jar);
        completeArchive(before);
        assertThat(before.complete()).isTrue();

        writeJar(jar, Map.of("A.class", "a", "B.class", "B"), 1_000_000L); // same size, other content

        assertThat(StartupArchive.ofService(root, "app", jar).complete()).isFalse();
    }

    @Test
    void anArchiveCountsOnlyOnceItsJvmWroteIt() throws Exception {
        Path jar = root.resolve("app-exec.jar");
        writeJar(jar, Map.of("A.class", "a"), 1_000_000L);
        StartupArchive archive = StartupArchive.ofService(root, "app", jar);
        Files.createDirectories(archive.extractedJar().getParent());

        assertThat(archive.commit()).isFalse(); // the recording JVM wrote nothing (killed, or failed)
        assertThat(archive.complete()).isFalse();
    }

    @Test
    void aChangedJarOnTheBrokersClassPathFindsNoArchive() throws IOException {
        Path jar = root.resolve("kafka.jar");
        Files.writeString(jar, "x");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000L));
        String key = StartupArchive.classPathKey(jar.toString());

        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000L)); // the JVM would refuse the archive

        assertThat(StartupArchive.classPathKey(jar.toString())).isNotEqualTo(key);
    }

    private static void completeArchive(StartupArchive archive) throws IOException {
        String option = archive.recordOptions().get(0);
        Path file = Path.of(option.substring(option.indexOf('=') + 1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "archive");
        assertThat(archive.commit()).isTrue();
    }

    private static void writeJar(Path jar, Map<String, String> entries, long time) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(time);
                out.putNextEntry(entry);
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
