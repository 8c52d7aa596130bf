package io.sagaengine.monitoring;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped alerting rules: valid, unit-tested with promtool, and written so an operator knows what to do. */
class AlertRulesTest {

    static final Path PROMETHEUS = Path.of("prometheus");
    static final String RULES = "saga-engine-alerts.yml";
    static final String RULE_TESTS = "saga-engine-alerts-test.yml";

    private static final Set<String> SEVERITIES = Set.of("warning", "critical");
    private static final Pattern README_SECTION = Pattern.compile("README \"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,4} (.+)$");

    @Test
    void promtoolFindsTheRulesValid() throws Exception {
        Promtool.Result check = Promtool.onPath().run(PROMETHEUS, "check", "rules", RULES);

        assertTrue(check.succeeded(), check::describe);
    }

    @Test
    void everyPromtoolUnitTestOfTheRulesPasses() throws Exception {
        Promtool.Result test = Promtool.onPath().run(PROMETHEUS, "test", "rules", RULE_TESTS);

        assertTrue(test.succeeded(), test::describe);
    }

    @Test
    void everyAlertSaysHowBadWhatIsWrongAndWhereToReadOn() throws IOException {
        Set<String> sections = readmeSections();
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).isNotEmpty();

        for (Map<String, Object> alert : alerts) {
            Object name = alert.get("alert");
            assertThat(alert).as("%s: for", name).containsKey("for");
            assertThat(map(alert.get("labels")).get("severity")).as("%s: severity", name).isIn(SEVERITIES);
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertThat((String) annotations.get("summary")).as("%s: summary", name).isNotBlank();
            String description = (String) annotations.get("description");
            assertThat(description).as("%s: description", name).isNotBlank();
            Matcher reference = README_SECTION.matcher(description);
            assertThat(reference.find()).as("%s: a README section to read on", name).isTrue();
            do {
                assertThat(sections).as("%s: README section", name).contains(reference.group(1));
            } while (reference.find());
        }
    }

    @Test
    void everyAlertHasACaseWhereItFiresExactlyAndOneWhereItMustNot() throws IOException {
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Map<String, Object> test : list(load(PROMETHEUS.resolve(RULE_TESTS)).get("tests"))) {
            for (Map<String, Object> evaluation : list(test.get("alert_rule_test"))) {
                String alertname = (String) evaluation.get("alertname");
                List<Map<String, Object>> expected = list(evaluation.get("exp_alerts"));
                if (expected.isEmpty()) {
                    silent.add(alertname);
                    continue;
                }
                firing.add(alertname);
                for (Map<String, Object> alert : expected) {
                    assertThat(map(alert.get("exp_labels"))).as("%s: labels expected", alertname)
                            .containsKey("severity");
                    assertThat(map(alert.get("exp_annotations"))).as("%s: annotations expected", alertname)
                            .containsKeys("summary", "description");
                }
            }
        }

        Set<String> names = new TreeSet<>(alerts().stream().map(alert -> (String) alert.get("alert")).toList());
        assertThat(firing).as("alerts tested firing").containsAll(names);
        assertThat(silent).as("alerts tested silent").containsAll(names);
    }

    @Test
    void theRulesUseOnlyKnownMetricNames() throws IOException {
        Set<String> known = MetricNames.known();
        Map<String, Set<String>> used = new LinkedHashMap<>();
        for (Map<String, Object> group : list(load(PROMETHEUS.resolve(RULES)).get("groups"))) {
            for (Map<String, Object> rule : list(group.get("rules"))) {
                used.put((String) rule.get("alert"), MetricNames.usedBy((String) rule.get("expr")));
            }
        }

        used.forEach((alert, names) -> assertThat(known).as("metrics.txt, for %s", alert).containsAll(names));
        assertThat(used.values()).allSatisfy(names -> assertThat(names).isNotEmpty());
    }

    static List<Map<String, Object>> alerts() throws IOException {
        return list(load(PROMETHEUS.resolve(RULES)).get("groups")).stream()
                .flatMap(group -> list(group.get("rules")).stream())
                .filter(rule -> rule.containsKey("alert"))
                .toList();
    }

    private static Set<String> readmeSections() throws IOException {
        Set<String> sections = new HashSet<>();
        Matcher heading = HEADING.matcher(Files.readString(Path.of("..", "README.md")));
        while (heading.find()) {
            sections.add(heading.group(1).strip());
        }
        return sections;
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object yaml) {
        return yaml == null ? List.of() : (List<Map<String, Object>>) yaml;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object yaml) {
        return yaml == null ? Map.of() : (Map<String, Object>) yaml;
    }
}
