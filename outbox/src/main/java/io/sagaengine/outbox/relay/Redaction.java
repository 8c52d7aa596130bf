package io.sagaengine.outbox.relay;

import java.util.regex.Pattern;

/** Debezium puts its whole configuration, passwords included, into some error messages: never log those as is. */
final class Redaction {

    private static final Pattern SECRET = Pattern.compile("((?:password|secret|sasl\\.jaas\\.config)[^=,}]*=)[^,}]*",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX = 500;

    private Redaction() {
    }

    /** True for a setting whose value is a secret: any password, secret or JAAS configuration. */
    static boolean isSecretName(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
    }

    static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = SECRET.matcher(text).replaceAll("$1****");
        return redacted.length() > MAX ? redacted.substring(0, MAX) + "..." : redacted;
    }

    /** The message and the root cause, each redacted and shortened. */
    static String describe(String message, Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(redact(message)));
        Throwable root = error;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != null) {
            text.append(" (cause: ").append(root.getClass().getSimpleName()).append(": ")
                    .append(redact(root.getMessage())).append(')');
        }
        return text.toString();
    }
}
