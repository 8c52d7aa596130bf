package io.sagaengine.outbox.relay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one relay needs: where its database is, the slot and publication it streams from, and its
 * timing. The slot name is server-wide in PostgreSQL, so it defaults to one derived from the database name.
 */
public record RelaySettings(
        String host,
        int port,
        String database,
        String user,
        String password,
        String slotName,
        String publicationName,
        Duration pollInterval,
        Duration offsetFlushInterval,
        Duration heartbeatInterval,
        Duration standbyCheckInterval,
        Duration sendTimeout,
        int maxBatchSize,
        Map<String, Object> producerOverrides) {

    public RelaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        slotName = slotName == null || slotName.isBlank() ? defaultSlotName(database) : slotName;
        publicationName = publicationName == null || publicationName.isBlank() ? "outbox_publication" : publicationName;
        pollInterval = orDefault(pollInterval, Duration.ofMillis(5));
        offsetFlushInterval = orDefault(offsetFlushInterval, Duration.ofSeconds(1));
        heartbeatInterval = orDefault(heartbeatInterval, Duration.ofSeconds(10));
        standbyCheckInterval = orDefault(standbyCheckInterval, Duration.ofSeconds(1));
        sendTimeout = orDefault(sendTimeout, Duration.ofSeconds(30));
        maxBatchSize = maxBatchSize > 0 ? maxBatchSize : 2048;
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
        if (!slotName.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Replication slot names may hold only a-z, 0-9 and _: " + slotName);
        }
    }

    /** Settings for the database of a {@code jdbc:postgresql://host:port/database} URL, with defaults. */
    public static RelaySettings forJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("The outbox relay needs a jdbc:postgresql://host:port/database URL");
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (database.isBlank()) {
            throw new IllegalArgumentException("The JDBC URL names no database: " + jdbcUrl);
        }
        return new RelaySettings(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, database, user, password,
                null, null, null, null, null, null, null, 0, null);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public RelaySettings withSlot(String slot, String publication) {
        return new RelaySettings(host, port, database, user, password, slot, publication, pollInterval,
                offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize, producerOverrides);
    }

    public RelaySettings withTiming(Duration poll, Duration offsetFlush, Duration heartbeat, Duration standbyCheck) {
        return new RelaySettings(host, port, database, user, password, slotName, publicationName, poll, offsetFlush,
                heartbeat, standbyCheck, sendTimeout, maxBatchSize, producerOverrides);
    }

    public RelaySettings withProducer(Map<String, Object> overrides, Duration sendTimeout, int maxBatchSize) {
        return new RelaySettings(host, port, database, user, password, slotName, publicationName, pollInterval,
                offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize, overrides);
    }

    static String defaultSlotName(String database) {
        return ("outbox_" + database.toLowerCase().replaceAll("[^a-z0-9_]", "_"));
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
