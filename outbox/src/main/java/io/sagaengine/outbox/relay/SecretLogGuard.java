package io.sagaengine.outbox.relay;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.regex.Pattern;

/**
 * Drops Debezium log events that would print a password in clear text. Some engine failures (for example the
 * JDBC offset store failing to connect) put the whole connector configuration, passwords included, into the
 * exception message, and Debezium logs it at ERROR. The relay logs the same failure itself, redacted. Events below
 * their logger's level are left to logback, which drops them anyway, without reading their arguments: Debezium
 * passes whole change records to trace calls for every row it relays.
 */
final class SecretLogGuard extends TurboFilter {

    /** A password-like key with a value that is neither empty nor masked. */
    private static final Pattern CLEAR_SECRET = Pattern.compile(
            "(?i)(password|secret|sasl\\.jaas\\.config)[^=,}\\s]*=(?!\\*)[^,}\\s]+");
    private static final int MAX_CAUSES = 10;

    SecretLogGuard() {
    }

    /**
     * Installs the guard once when the logging backend is logback. Callers must catch {@link LinkageError}: without
     * logback on the class path this class cannot even be loaded.
     */
    static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(SecretLogGuard.class::isInstance)) {
            SecretLogGuard guard = new SecretLogGuard();
            guard.start();
            context.addTurboFilter(guard);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || !logger.getName().startsWith("io.debezium")) {
            return FilterReply.NEUTRAL;
        }
        // turbo filters see every call, also the trace and debug calls on Debezium's hot paths that the level drops
        if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        if (leaks(format) || leaks(t)) {
            return FilterReply.DENY;
        }
        if (params != null) {
            for (Object param : params) {
                if ((param instanceof Throwable thrown && leaks(thrown)) || (param != null && leaks(String.valueOf(param)))) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }

    static boolean leaks(String text) {
        return text != null && CLEAR_SECRET.matcher(text).find();
    }

    private static boolean leaks(Throwable t) {
        Throwable cause = t;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            if (leaks(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
