package io.sagaengine.localstack;

import io.sagaengine.testsupport.Folders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A service's class-data sharing archive (AppCDS): its executable jar extracted to the layout the JVM can share
 * classes from, and the archive of the classes a whole start loaded. A JVM started from it maps those classes
 * instead of loading, parsing and verifying them again, which roughly halves a service's start-up CPU.
 * <p>
 * An archive only fits the exact jars and JVM it was made with, so it lives in a folder named by a digest of
 * the executable jar's content (each entry's name, size and CRC, not its timestamps: a rebuild of unchanged code
 * keeps its archive) and of the JVM; any other jar or JVM finds no archive and starts from the plain jar. The JVM
 * checks again on its own (it refuses an archive whose jars' sizes or times differ, with a warning, and starts
 * without it). An archive counts only once its recording JVM exited and wrote it whole ({@link #commit()}).
 */
final class StartupArchive {

    private static final String ARCHIVE = "classes.jsa";
    private static final String COMPLETE = "complete";

    private final Path execJar; // null for the broker, which runs from a class path of plain jars
    private final Path parent;
    private final Path directory;

    private StartupArchive(Path execJar, Path parent, String key) {
        this.execJar = execJar;
        this.parent = parent;
        this.directory = parent.resolve(key);
    }

    /** Where the archives of the project under {@code root} live. */
    static Path home(Path root) {
        return root.resolve("local-stack").resolve("target").resolve("startup-archives");
    }

    /** The archive of a service's executable jar as it is now (made or not). */
    static StartupArchive ofService(Path root, String module, Path execJar) {
        return new StartupArchive(execJar, home(root).resolve(module), key(execJar));
    }

    /** The archive of the Kafka broker run from {@code classPath} (plain jars only: the JVM archives no folder). */
    static StartupArchive ofBroker(Path root, String classPath) {
        return new StartupArchive(null, home(root).resolve("kafka-broker"), classPathKey(classPath));
    }

    /** Whether a complete archive exists for this jar (or class path) and JVM. */
    boolean complete() {
        return Files.isRegularFile(directory.resolve(COMPLETE)) && Files.isRegularFile(directory.resolve(ARCHIVE));
    }

    /** The JVM options that start from the archive. */
    List<String> useOptions() {
        return List.of("-XX:SharedArchiveFile=" + directory.resolve(ARCHIVE));
    }

    /** The JVM options that write the archive as the JVM exits normally (not when it is killed). */
    List<String> recordOptions() {
        return List.of("-XX:ArchiveClassesAtExit=" + directory.resolve(ARCHIVE));
    }

    /** The service's jar in the extracted layout (class data sharing needs plain jars, not nested ones). */
    Path extractedJar() {
        return directory.resolve("app").resolve(execJar.getFileName());
    }

    /** Clears what an earlier attempt left and extracts the service's jar afresh, before recording. */
    void prepareRecording() throws IOException, InterruptedException {
        Folders.deleteRecursively(directory);
        Files.createDirectories(directory);
        if (execJar == null) {
            return;
        }
        Path log = directory.resolve("extract.log");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", execJar.toString(),
                "extract", "--destination", directory.resolve("app").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            throw new IllegalStateException("Extracting " + execJar + " failed; see " + log);
        }
    }

    /**
     * After {@link #prepareRecording()}: makes the service's ahead-of-time initializers into its extracted
     * layout ({@link AotInitializers}), so that the recording and every later start have them.
     */
    void makeAotInitializers(String artifactId) throws IOException, InterruptedException {
        AotInitializers.make(extractedJar(), directory.resolve("aot"), artifactId);
    }

    /**
     * After the recording JVM exited by itself: marks the archive complete if it was written, and removes the
     * archives of other builds. Returns whether it is complete.
     */
    boolean commit() throws IOException {
        Path archive = directory.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            return false;
        }
        Files.writeString(directory.resolve(COMPLETE), (execJar != null ? execJar : "kafka broker") + "\n");
        try (Stream<Path> builds = Files.list(parent)) {
            for (Path other : builds.filter(p -> !p.equals(directory)).toList()) {
                Folders.deleteRecursively(other);
            }
        }
        return true;
    }

    /** How to start a service: the jar to run and the JVM options that go with it. */
    record Launch(Path jar, List<String> jvmOptions) {

        Launch {
            jvmOptions = List.copyOf(jvmOptions);
        }

        static Launch plain(Path jar) {
            return new Launch(jar, List.of());
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A digest of the jar's entries (name, size, CRC) and of the JVM that starts it. */
    static String key(Path execJar) {
        MessageDigest digest = jvmDigest();
        if (Files.isRegularFile(execJar)) {
            try (ZipFile zip = new ZipFile(execJar.toFile())) {
                List<? extends ZipEntry> entries = new ArrayList<>(zip.stream().toList());
                entries.sort(Comparator.comparing(ZipEntry::getName));
                for (ZipEntry entry : entries) {
                    update(digest, entry.getName() + "\t" + entry.getSize() + "\t" + entry.getCrc());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    /** A digest of the class path and each of its jars' size and time (what the JVM checks), and of the JVM. */
    static String classPathKey(String classPath) {
        MessageDigest digest = jvmDigest();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            try {
                update(digest, entry + "\t" + Files.size(jar) + "\t" + Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                update(digest, entry + "\tmissing");
            }
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    private static MessageDigest jvmDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home"));
            update(digest, System.getProperty("java.vm.version"));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String line) {
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
