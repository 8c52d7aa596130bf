package io.sagaengine.outbox.relay;

import io.sagaengine.testsupport.JavaProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A relay in its own OS process ({@link RelayProcessMain}): its last reported state, and SIGSTOP / SIGCONT. */
final class RelayProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private volatile RelayState state = RelayState.STOPPED;
    private volatile long published;

    private RelayProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "relay-process-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    static RelayProcess start(String name, OutboxDatabase db, Duration leaderTimeout) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Drelay.leaderTimeoutMs=" + leaderTimeout.toMillis()));
        Process process = JavaProcess.of(RelayProcessMain.class.getName(), jvm, db.jdbcUrl, db.servers.username(),
                db.servers.password(), db.servers.bootstrapServers()).redirectErrorStream(true).start();
        return new RelayProcess(name, process);
    }

    RelayState state() {
        return state;
    }

    long published() {
        return published;
    }

    long pid() {
        return process.pid();
    }

    /** SIGSTOP: the process stops answering, while its kernel still answers TCP. */
    void freeze() throws Exception {
        signal("-STOP");
    }

    void thaw() throws Exception {
        signal("-CONT");
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            thaw();
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", " + state + ", published " + published + ")";
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid() + " failed");
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(RelayProcessMain.STATE)) {
                    String[] parts = line.split(" ");
                    published = Long.parseLong(parts[2]);
                    state = RelayState.valueOf(parts[1]);
                } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                    System.out.println("[" + name + "] " + line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
