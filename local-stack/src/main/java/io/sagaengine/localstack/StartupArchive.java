package io.sagaengine.localstack;

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
import java.util.Optional;
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

    private final Path execJar;
    private final Path moduleDirectory;
    private final Path directory;

    private StartupArchive(Path execJar, Path moduleDirectory, String key) {
        this.execJar = execJar;
        this.moduleDirectory = moduleDirectory;
        this.directory = moduleDirectory.resolve(key);
    }

    /** Where the archives of the project under {@code root} live. */
    static Path home(Path root) {
        return root.resolve("local-stack").resolve("target").resolve("startup-archives");
    }

    /** The archive for {@code execJar} as it is now (made or not). */
    static StartupArchive of(Path root, String module, Path execJar) {
        return new StartupArchive(execJar, home(root).resolve(module), key(execJar));
    }

    /** The jar and JVM options to start from the archive, if a complete one exists for this jar and JVM. */
    Optional<Launch> usable() {
        if (!Files.isRegularFile(directory.resolve(COMPLETE)) || !Files.isRegularFile(directory.resolve(ARCHIVE))) {
            return Optional.empty();
        }
        return Optional.of(new Launch(extractedJar(), List.of("-XX:SharedArchiveFile=" + directory.resolve(ARCHIVE))));
    }

    /**
     * Extracts the jar afresh and returns how to start it so that the JVM writes the archive when it exits
     * normally (not when killed); {@link #commit()} afterwards.
     */
    Launch record() throws IOException, InterruptedException {
        deleteRecursively(directory);
        Files.createDirectories(directory);
        Path log = directory.resolve("extract.log");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", execJar.toString(),
                "extract", "--destination", directory.resolve("app").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            throw new IllegalStateException("Extracting " + execJar + " failed; see " + log);
        }
        return new Launch(extractedJar(), List.of("-XX:ArchiveClassesAtExit=" + directory.resolve(ARCHIVE)));
    }

    /**
     * After the recording JVM exited: marks the archive complete if it was written, and removes the archives of
     * other builds of this service. Returns whether it is complete.
     */
    boolean commit() throws IOException {
        Path archive = directory.resolve(ARCHIVE);
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            return false;
        }
        Files.writeString(directory.resolve(COMPLETE), execJar + "\n");
        try (Stream<Path> builds = Files.list(moduleDirectory)) {
            for (Path other : builds.filter(p -> !p.equals(directory)).toList()) {
                deleteRecursively(other);
            }
        }
        return true;
    }

    private Path extractedJar() {
        return directory.resolve("app").resolve(execJar.getFileName());
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
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(execJar)) {
                try (ZipFile zip = new ZipFile(execJar.toFile())) {
                    List<? extends ZipEntry> entries = new ArrayList<>(zip.stream().toList());
                    entries.sort(Comparator.comparing(ZipEntry::getName));
                    for (ZipEntry entry : entries) {
                        digest.update((entry.getName() + "\t" + entry.getSize() + "\t" + entry.getCrc() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
