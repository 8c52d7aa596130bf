package io.sagaengine.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Launches a main class of this JVM's (test) class path in a separate OS process. */
public final class JavaProcess {

    private JavaProcess() {
    }

    public static ProcessBuilder of(String mainClass, List<String> jvmOptions, String... args) {
        return of(classPath(), mainClass, jvmOptions, args);
    }

    /** A main class of the given class path. */
    public static ProcessBuilder of(String classPath, String mainClass, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** SIGTERM and a graceful shutdown within {@code grace}; SIGKILL if it does not end in time. */
    public static void stop(Process process, java.time.Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** Surefire and failsafe run tests from a manifest-only jar; the real class path is in this property. */
    public static String classPath() {
        String testClassPath = System.getProperty("surefire.test.class.path");
        return testClassPath != null && !testClassPath.isBlank() ? testClassPath : System.getProperty("java.class.path");
    }
}
