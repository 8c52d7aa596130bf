package io.sagaengine.monitoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped Grafana dashboard: importable with a Prometheus data source, and every query valid and known. */
class DashboardTest {

    static final Path DASHBOARD = Path.of("grafana", "saga-engine-dashboard.json");
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    private final JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD);

    @Test
    void asksForItsPrometheusDataSourceOnImport() {
        JsonNode input = dashboard.path("__inputs").path(0);

        assertThat(input.path("name").stringValue()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").stringValue()).isEqualTo("datasource");
        assertThat(input.path("pluginId").stringValue()).isEqualTo("prometheus");
        assertThat(dashboard.path("uid").stringValue()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
    }

    @Test
    void everyPanelHasItsOwnIdAPlaceAndQueriesThePrometheusInput() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").stringValue();
            assertThat(ids.add(panel.path("id").asInt())).as("%s: id not unique", title).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as("%s: width", title).isBetween(1, 24);
            if (panel.path("type").stringValue().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").stringValue()).as("%s: data source", title)
                    .isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as("%s: queries", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").stringValue()).as("%s: data source", title)
                        .isEqualTo(DATASOURCE);
                assertThat(target.path("expr").stringValue()).as("%s: expr", title).isNotBlank();
            }
        }
    }

    @Test
    void everyQueryUsesOnlyKnownMetricNames() throws IOException {
        Set<String> known = MetricNames.known();

        for (Query query : queries()) {
            Set<String> used = MetricNames.usedBy(query.expr());
            assertThat(used).as("%s: a metric", query.panel()).isNotEmpty();
            assertThat(known).as("metrics.txt, for panel %s", query.panel()).containsAll(used);
        }
    }

    @Test
    void showsEverySignalTheAlertsWatchAndTheThroughput() throws IOException {
        Set<String> shown = new HashSet<>();
        queries().forEach(query -> shown.addAll(MetricNames.usedBy(query.expr())));
        Set<String> alerted = new HashSet<>();
        for (var alert : AlertRulesTest.alerts()) {
            alerted.addAll(MetricNames.usedBy((String) alert.get("expr")));
        }

        assertThat(shown).containsAll(alerted)
                .contains("saga_started_total", "saga_completed_total", "saga_cancelled_total");
    }

    /** Each query, its Grafana variables replaced by a duration, as a recording rule that promtool checks. */
    @Test
    void promtoolFindsEveryQueryValid(@TempDir Path dir) throws Exception {
        Promtool promtool = Promtool.onPath();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        StringBuilder panels = new StringBuilder("the queries' panels:\n");
        List<Query> queries = queries();
        for (int i = 0; i < queries.size(); i++) {
            Query query = queries.get(i);
            String expr = query.expr().replaceAll("\\$__(rate_interval|interval|range)", "5m");
            assertThat(expr).as("%s: a Grafana variable this test does not know", query.panel()).doesNotContain("$");
            rules.append("      - record: dashboard_query_").append(i).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
            panels.append("dashboard_query_").append(i).append(": ").append(query.panel()).append('\n');
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), rules);

        Promtool.Result check = promtool.run(dir, "check", "rules", "dashboard-queries.yml");

        assertTrue(check.succeeded(), () -> check.describe() + panels);
    }

    private List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").stringValue(), target.path("expr").stringValue()));
            }
        }
        assertThat(queries).isNotEmpty();
        return queries;
    }

    private record Query(String panel, String expr) {
    }
}
