package io.sagaengine.localstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code local-stack/run [--data DIR] [--demo] [--http-port 8080] [--postgres-port 54320] [--kafka-port 19092]}:
 * starts the system, prints {@code READY} with the URLs, dev users and curl commands, and runs until Ctrl-C.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int httpPort = Integer.parseInt(options.getOrDefault("http-port", "8080"));
        LocalStack.Options stackOptions = new LocalStack.Options(
                Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize(),
                options.containsKey("data") ? Path.of(options.get("data")).toAbsolutePath() : null,
                httpPort,
                Integer.parseInt(options.getOrDefault("postgres-port", "54320")),
                Integer.parseInt(options.getOrDefault("kafka-port", "19092")),
                Map.of(),
                line -> System.out.println("[stack] " + line));

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<LocalStack> current = new AtomicReference<>(); // closable while it is still starting
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[stack] stopping...");
            LocalStack stack = current.get();
            if (stack != null) {
                stack.close();
            }
            System.out.println("[stack] stopped");
            stopped.countDown();
        }, "local-stack-shutdown"));

        LocalStack.prepareStartupArchives(stackOptions.root(), stackOptions.progress(), current::set);
        LocalStack stack = LocalStack.start(stackOptions, current::set);
        System.out.println(Walkthrough.readyLine(stack));
        System.out.println(Walkthrough.instructions(stack));
        LauncherArchive.requested().ifPresent(archive -> {
            Thread recording = new Thread(() -> LauncherArchive.record(archive, stackOptions.progress()),
                    "launcher-archive");
            recording.setDaemon(true);
            recording.start();
        });
        if (options.containsKey("demo")) {
            Demo.run("http://localhost:" + httpPort, System.out);
        }
        stopped.await();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("demo")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }
}
