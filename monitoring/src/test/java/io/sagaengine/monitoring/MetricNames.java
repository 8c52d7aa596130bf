package io.sagaengine.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the project's monitoring may use ({@code metrics.txt}), and the names a PromQL expression uses. */
final class MetricNames {

    static final Path KNOWN = Path.of("metrics.txt");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("(\\d[\\w.]*)|([A-Za-z_:][\\w:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan");

    private MetricNames() {
    }

    /** The names in {@code metrics.txt}: one a line, {@code #} starts a comment. */
    static Set<String> known() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(KNOWN)) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The metric names an expression selects: identifiers that are not functions, aggregations, keywords, label
     * names, strings, durations or Grafana variables.
     *
     * @throws IllegalArgumentException for a selector by {@code __name__}, whose metric this cannot check
     */
    static Set<String> usedBy(String expression) {
        if (expression.contains("__name__")) {
            throw new IllegalArgumentException("select metrics by name, not by __name__: " + expression);
        }
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = GRAFANA_VARIABLE.matcher(rest).replaceAll(" ");
        rest = LABEL_MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(rest);
        while (token.find()) {
            String identifier = token.group(2);
            boolean function = token.group(3) != null;
            if (identifier != null && !function && !KEYWORDS.contains(identifier.toLowerCase())) {
                names.add(identifier);
            }
        }
        return names;
    }
}
