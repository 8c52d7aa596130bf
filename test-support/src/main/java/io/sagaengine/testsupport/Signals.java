package io.sagaengine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals for fault injection. The JDK can only send SIGTERM and SIGKILL; pausing a process
 * (SIGSTOP, SIGCONT) or an immediate PostgreSQL stop (SIGQUIT) needs {@code kill}.
 */
public final class Signals {

    private Signals() {
    }

    /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}, {@code KILL}) to {@code pid}; false if it is gone. */
    public static boolean send(long pid, String signal) {
        if (!signal.matches("[A-Z]{3,6}")) {
            throw new IllegalArgumentException("Not a signal name: " + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -s " + signal + " " + pid + " did not return");
            }
            return kill.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
