package io.sagaengine.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Every order request and its outcome (202, 4xx, 5xx, or "unknown" on a timeout or connection error), one
 * line each: {@code <sent at> <key> attempt=<n> source=<who> outcome=<status> ms=<latency> order=<id>
 * retry-after=<seconds> <detail>} (order and retry-after where the answer had them).
 */
final class RequestLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter out;

    RequestLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            this.out = Files.newBufferedWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    synchronized void record(String key, int attempt, String source, Instant sentAt, long millis, Api.Answer answer) {
        try {
            out.write(sentAt + " " + key + " attempt=" + attempt + " source=" + source + " outcome=" + answer.outcome()
                    + " ms=" + millis + (answer.orderId() == null ? "" : " order=" + answer.orderId())
                    + (answer.retryAfter() == null ? "" : " retry-after=" + answer.retryAfter())
                    + (answer.detail() == null ? "" : " " + answer.detail().replace('\n', ' ')));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
