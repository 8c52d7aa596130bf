package io.sagaengine.chaos;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** Progress lines, stamped with the wall-clock time, so a run can be followed and its log read afterwards. */
final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Consumer<String> out;

    Progress(Consumer<String> out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        String text = args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args);
        synchronized (this) {
            out.accept("[chaos " + LocalTime.now().format(TIME) + "] " + text);
        }
    }

    /** A line without the time stamp (RESULT lines, violations). */
    void raw(String text) {
        synchronized (this) {
            out.accept(text);
        }
    }
}
