package io.sagaengine.outbox.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RelaySettingsTest {

    private static final String URL = "jdbc:postgresql://db.example:6432/payments?sslmode=verify-full"
            + "&sslrootcert=%2Fetc%2Fpg%20certs%2Froot.crt&sslpassword=k3y&connectTimeout=4&user=ignored";

    @Test
    void forJdbcUrlKeepsTheQueryParametersDecodedAndInOrder() {
        RelaySettings settings = RelaySettings.forJdbcUrl(URL, "pay", "s3cret");

        assertThat(settings.host()).isEqualTo("db.example");
        assertThat(settings.port()).isEqualTo(6432);
        assertThat(settings.database()).isEqualTo("payments");
        assertThat(settings.user()).as("the explicit user wins").isEqualTo("pay");
        assertThat(settings.jdbcParameters()).containsExactly(entry("sslmode", "verify-full"),
                entry("sslrootcert", "/etc/pg certs/root.crt"), entry("sslpassword", "k3y"), entry("connectTimeout", "4"));
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/payments?sslmode=verify-full"
                + "&sslrootcert=%2Fetc%2Fpg+certs%2Froot.crt&sslpassword=k3y&connectTimeout=4");
        assertThat(RelaySettings.forJdbcUrl(settings.jdbcUrl(), "pay", "s3cret").jdbcParameters())
                .isEqualTo(settings.jdbcParameters());
    }

    @Test
    void userAndPasswordParametersOnlyStandInForMissingArguments() {
        RelaySettings settings = RelaySettings.forJdbcUrl("jdbc:postgresql://h/d?user=u&password=p&sslmode=require", null, null);

        assertThat(settings.user()).isEqualTo("u");
        assertThat(settings.password()).isEqualTo("p");
        assertThat(settings.jdbcParameters()).containsOnlyKeys("sslmode");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d?sslmode=require");
    }

    @Test
    void theParametersReachDebeziumsConnectionsAndTheOffsetStore() {
        RelaySettings settings = RelaySettings.forJdbcUrl(URL + "&options=-c%20search_path%3Dpublic&ApplicationName=svc",
                "pay", "s3cret").withFailover(Duration.ofSeconds(7), 0, null, null);

        Properties debezium = OutboxRelay.DebeziumConfig.of(settings);

        assertThat(debezium).contains(entry("database.sslmode", "verify-full"),
                entry("database.sslrootcert", "/etc/pg certs/root.crt"), entry("database.sslpassword", "k3y"),
                entry("database.connectTimeout", "4"), entry("database.options", "-c search_path=public"),
                entry("database.hostname", "db.example"), entry("database.port", "6432"));
        assertThat(debezium).doesNotContainKey("database.ApplicationName");
        assertThat(debezium.getProperty("offset.storage.jdbc.connection.url")).isEqualTo(
                "jdbc:postgresql://db.example:6432/payments?sslmode=verify-full&sslrootcert=%2Fetc%2Fpg+certs%2Froot.crt"
                        + "&sslpassword=k3y&connectTimeout=4"
                        + "&options=-c+search_path%3Dpublic+-c+idle_in_transaction_session_timeout%3D7000&ApplicationName=svc");
    }

    @Test
    void theRelaysOwnSessionsGetTheParametersKeepalivesAndBoundedTimeouts() {
        RelaySettings settings = RelaySettings.forJdbcUrl(URL + "&socketTimeout=0&tcpKeepAlive=false", "pay", "s3cret");

        Properties lock = RelayConnections.properties(settings, "lock", Duration.ofMillis(2500));

        assertThat(lock).contains(entry("sslmode", "verify-full"), entry("sslrootcert", "/etc/pg certs/root.crt"),
                entry("sslpassword", "k3y"), entry("connectTimeout", "4"), entry("loginTimeout", "10"),
                entry("tcpKeepAlive", "true"), entry("socketTimeout", "3"), entry("user", "pay"), entry("password", "s3cret"));
        assertThat(settings.plainJdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/payments");
    }

    @Test
    void noPasswordIsPrinted() {
        String text = RelaySettings.forJdbcUrl(URL, "pay", "s3cret").toString();

        assertThat(text).contains("sslmode=verify-full", "sslpassword=****").doesNotContain("s3cret", "k3y");
    }

    @Test
    void aListOfHostsIsRefusedWithAReason() {
        assertThatThrownBy(() -> RelaySettings.forJdbcUrl("jdbc:postgresql://a:5432,b:5432/d?targetServerType=primary", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one host:port");
    }

    @Test
    void theLockSessionOutlivesAtLeastThreeStandbyChecks() {
        RelaySettings settings = RelaySettings.forJdbcUrl("jdbc:postgresql://h/d", "u", "p")
                .withTiming(null, null, null, Duration.ofSeconds(2))
                .withFailover(Duration.ofSeconds(1), 0, null, null);

        assertThat(settings.lockSessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(RelaySettings.forJdbcUrl("jdbc:postgresql://h/d", "u", "p").lockSessionTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(Map.of("defaults", RelaySettings.forJdbcUrl("jdbc:postgresql://h/d", "u", "p")))
                .hasEntrySatisfying("defaults", s -> {
                    assertThat(s.maxRestartBackoff()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(s.stepDownAfterFailures()).isEqualTo(3);
                });
    }
}
