package io.sagaengine.localstack;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Spring's ahead-of-time initializers of a service, made once per build next to its start-up archive: the bean
 * definitions its configuration classes and conditions yield, as code, so that a start with
 * {@code -Dspring.aot.enabled=true} registers them instead of parsing configuration classes and evaluating
 * conditions again. They go into {@code lib/aot-initializers.jar} of the extracted service, named first in its
 * jar's {@code Class-Path}, so that the service still starts with {@code -jar} and its archive can hold them.
 * <p>
 * The build's switches are recorded with them; a service whose settings differ starts the usual way (the
 * services' {@code AotSwitchesCheck}), and so does one whose initializers could not be made.
 */
final class AotInitializers {

    static final String JAR = "aot-initializers.jar";
    private static final String PROCESSOR = "org.springframework.boot.SpringApplicationAotProcessor";

    private AotInitializers() {
    }

    /**
     * Makes the initializers of the extracted service {@code appJar} in {@code work} and adds them to its class
     * path. Throws if the processing or the compilation fails; the service is then left as it was.
     */
    static void make(Path appJar, Path work, String artifactId) throws IOException, InterruptedException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("This Java runtime has no compiler (a JDK is needed)");
        }
        Path sources = work.resolve("sources");
        Path resources = work.resolve("resources");
        Path classes = work.resolve("classes");
        Path log = work.resolve("aot.log");
        Files.createDirectories(classes);
        Process processor = new ProcessBuilder(StartupArchive.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", appJar.toString(), PROCESSOR, mainClass(appJar), sources.toString(), resources.toString(),
                classes.toString(), "io.sagaengine", artifactId)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!processor.waitFor(3, TimeUnit.MINUTES) || processor.exitValue() != 0) {
            processor.destroyForcibly();
            throw new IllegalStateException("Spring's ahead-of-time processing of " + appJar + " failed; see " + log);
        }
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "-encoding", "UTF-8",
                "--release", "17", "-cp", appJar.toString(), "-d", classes.toString()));
        arguments.addAll(javaFiles(sources));
        try (OutputStream compilerLog = Files.newOutputStream(work.resolve("javac.log"))) {
            if (compiler.run(null, compilerLog, compilerLog, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("Compiling the ahead-of-time initializers of " + appJar
                        + " failed; see " + work.resolve("javac.log"));
            }
        }
        Path jar = appJar.resolveSibling("lib").resolve(JAR);
        writeJar(jar, List.of(classes, resources));
        prependToClassPath(appJar, "lib/" + JAR);
    }

    static String mainClass(Path appJar) throws IOException {
        try (JarFile jar = new JarFile(appJar.toFile())) {
            String mainClass = jar.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (mainClass == null) {
                throw new IllegalStateException(appJar + " names no Main-Class");
            }
            return mainClass;
        }
    }

    private static List<String> javaFiles(Path sources) throws IOException {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
    }

    private static void writeJar(Path jar, List<Path> folders) throws IOException {
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rewrites the jar with {@code entry} first in its manifest's Class-Path. */
    static void prependToClassPath(Path appJar, String entry) throws IOException {
        Path rewritten = appJar.resolveSibling(appJar.getFileName() + ".partial");
        try (JarFile in = new JarFile(appJar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            String classPath = main.getValue(Attributes.Name.CLASS_PATH);
            main.put(Attributes.Name.CLASS_PATH, classPath == null ? entry : entry + " " + classPath);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(rewritten), manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry source = entries.nextElement();
                    if (source.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(source.getName()));
                    try (InputStream content = in.getInputStream(source)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        Files.move(rewritten, appJar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
