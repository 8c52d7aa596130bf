package io.sagaengine.orchestrator.order;

import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The conditional-request side of {@code GET /orders/{id}}: entity tags and the long-poll preference. */
final class Revalidation {

    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";

    private Revalidation() {
    }

    /** A strong entity tag derived from the order's row version. */
    static String entityTag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The headers of an answer about the order at {@code version}, 200 or 304: its entity tag, revalidation on every
     * use, and the wait applied when the request waited ({@code waited} null otherwise).
     */
    static HttpHeaders headers(long version, Duration waited) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(entityTag(version));
        headers.setCacheControl(CacheControl.noCache());
        if (waited != null) {
            headers.set(PREFERENCE_APPLIED, preferenceApplied(waited));
        }
        return headers;
    }

    /**
     * Whether {@code If-None-Match} names the current version, so the answer is 304 (RFC 9110 13.1.2: weak
     * comparison; {@code *} matches any existing order).
     */
    static boolean matches(List<String> ifNoneMatch, long version) {
        ETag current = new ETag(Long.toString(version), false);
        return ifNoneMatch.stream()
                .flatMap(header -> ETag.parse(header).stream())
                .anyMatch(tag -> tag.isWildcard() || tag.compare(current, false));
    }

    /**
     * The {@code wait} preference (RFC 7240), capped at {@code max}; empty when absent or unreadable, as
     * a server ignores preferences it does not understand.
     */
    static Optional<Duration> waitPreference(List<String> prefer, Duration max) {
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String token = preference.split(";", 2)[0];
                String[] nameValue = token.split("=", 2);
                if (nameValue.length == 2 && nameValue[0].strip().toLowerCase(Locale.ROOT).equals("wait")) {
                    return seconds(unquote(nameValue[1].strip())).map(wait -> wait.compareTo(max) > 0 ? max : wait);
                }
            }
        }
        return Optional.empty();
    }

    static String preferenceApplied(Duration wait) {
        return "wait=" + wait.toSeconds();
    }

    private static Optional<Duration> seconds(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        // any value this long is far beyond every sensible cap
        return Optional.of(Duration.ofSeconds(value.length() > 9 ? 999_999_999L : Long.parseLong(value)));
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
