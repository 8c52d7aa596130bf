package io.sagaengine.operations.admin;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The saga version an action is conditional on, from {@code If-Match}: the ETag as sent ({@code "7"}) or the
 * plain number ({@code 7}).
 */
final class IfMatch {

    static final String HEADER = "If-Match";

    private static final Pattern VERSION = Pattern.compile("\"?(\\d{1,18})\"?");

    private IfMatch() {
    }

    /**
     * @throws org.springframework.web.ErrorResponseException 428 when missing, 400 when it names no single
     *                                                        version (weak tags, lists and {@code *} included)
     */
    static long version(String header) {
        if (header == null || header.isBlank()) {
            throw AdminProblems.ifMatchRequired();
        }
        Matcher matcher = VERSION.matcher(header.strip());
        boolean quotedOrPlain = matcher.matches() && (header.strip().startsWith("\"") == header.strip().endsWith("\""));
        if (!quotedOrPlain) {
            throw AdminProblems.invalid(HEADER, "must be the saga's version, as a number or its ETag (e.g. \"7\")");
        }
        return Long.parseLong(matcher.group(1));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
