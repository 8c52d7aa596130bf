package io.sagaengine.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What service instances logged since a moment: a log file is marked at its current length (a service's log
 * holds every earlier scenario too, and its restarts append), and later only what was written after the mark is
 * searched.
 */
final class LogMarks {

    private final Map<Path, Long> marks = new ConcurrentHashMap<>();

    /** Remembers where {@code log} ends now; a file that does not exist yet is read from its start. */
    void mark(Path log) {
        marks.put(log, size(log));
    }

    /** The lines written to {@code log} since its mark (since its start when never marked) that contain any of {@code texts}. */
    List<String> linesSinceMark(Path log, List<String> texts) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isRegularFile(log)) {
            return found;
        }
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(marks.getOrDefault(log, 0L), size(log)));
            String written = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : written.split("\n")) {
                if (texts.stream().anyMatch(line::contains)) {
                    found.add(line.strip());
                }
            }
        }
        return found;
    }

    private static long size(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
