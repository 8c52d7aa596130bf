package io.sagaengine.outbox.relay;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Everything one relay needs: where its database is, the slot and publication it streams from, and its
 * timing. The slot name is server-wide in PostgreSQL, so it defaults to one derived from the database name.
 *
 * @param jdbcParameters the JDBC URL's query parameters ({@code sslmode}, {@code sslrootcert}, ...), decoded;
 *                       every connection of the relay uses them. Never {@code user} or {@code password}.
 * @param leaderTimeout how long a leader that stopped answering (frozen, cut off) keeps the relay lock before
 *                      PostgreSQL ends its session and a standby takes over; at least three standby checks
 * @param stepDownAfterFailures consecutive engine failures (runs that delivered nothing) after which a leader
 *                              gives the lock up so a standby can take over
 * @param stepDownCooldown how long a leader that stepped down leaves the lock to the others
 * @param maxRestartBackoff the longest wait before a failed engine is restarted (the wait doubles from 1 s)
 * @param wakeOnChange whether the engine hands changes over as soon as they arrive ({@link WakeOnChangeQueue})
 *                     rather than once per poll interval, Debezium's own behaviour
 */
public record RelaySettings(
        String host,
        int port,
        String database,
        String user,
        String password,
        Map<String, String> jdbcParameters,
        String slotName,
        String publicationName,
        Duration pollInterval,
        Duration offsetFlushInterval,
        Duration heartbeatInterval,
        Duration standbyCheckInterval,
        Duration sendTimeout,
        int maxBatchSize,
        Map<String, Object> producerOverrides,
        Duration leaderTimeout,
        int stepDownAfterFailures,
        Duration stepDownCooldown,
        Duration maxRestartBackoff,
        boolean wakeOnChange) {

    private static final String PREFIX = "jdbc:postgresql://";

    public RelaySettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        jdbcParameters = jdbcParameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jdbcParameters));
        if (jdbcParameters.containsKey("user") || jdbcParameters.containsKey("password")) {
            throw new IllegalArgumentException("user and password are settings of their own, not JDBC parameters");
        }
        slotName = slotName == null || slotName.isBlank() ? defaultSlotName(database) : slotName;
        publicationName = publicationName == null || publicationName.isBlank() ? "outbox_publication" : publicationName;
        pollInterval = orDefault(pollInterval, Duration.ofMillis(5));
        offsetFlushInterval = orDefault(offsetFlushInterval, Duration.ofSeconds(1));
        heartbeatInterval = orDefault(heartbeatInterval, Duration.ofSeconds(10));
        standbyCheckInterval = orDefault(standbyCheckInterval, Duration.ofSeconds(1));
        sendTimeout = orDefault(sendTimeout, Duration.ofSeconds(30));
        maxBatchSize = maxBatchSize > 0 ? maxBatchSize : 2048;
        producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
        leaderTimeout = orDefault(leaderTimeout, Duration.ofSeconds(10));
        stepDownAfterFailures = stepDownAfterFailures > 0 ? stepDownAfterFailures : 3;
        stepDownCooldown = orDefault(stepDownCooldown, Duration.ofSeconds(10));
        maxRestartBackoff = orDefault(maxRestartBackoff, Duration.ofSeconds(5));
        if (!slotName.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("Replication slot names may hold only a-z, 0-9 and _: " + slotName);
        }
    }

    /**
     * Settings for the database of a {@code jdbc:postgresql://host:port/database?param=value...} URL, with
     * defaults. The query parameters are kept for every connection of the relay; a {@code user} or
     * {@code password} parameter only stands in for a missing {@code user} or {@code password} argument.
     */
    public static RelaySettings forJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("The outbox relay needs a jdbc:postgresql://host:port/database URL");
        }
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String hostAndPath = query < 0 ? rest : rest.substring(0, query);
        if (hostAndPath.substring(0, Math.max(0, hostAndPath.indexOf('/'))).contains(",")) {
            throw new IllegalArgumentException("The outbox relay needs one host:port in its JDBC URL, not a list of hosts "
                    + "(put a virtual address or DNS name of the primary in front of them)");
        }
        URI uri = URI.create("postgresql://" + hostAndPath);
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isBlank()) {
            throw new IllegalArgumentException("The JDBC URL names no host or no database: " + PREFIX + hostAndPath);
        }
        Map<String, String> parameters = query < 0 ? new LinkedHashMap<>() : parseQuery(rest.substring(query + 1));
        String urlUser = parameters.remove("user");
        String urlPassword = parameters.remove("password");
        return new RelaySettings(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, database,
                user == null || user.isBlank() ? urlUser : user, password == null ? urlPassword : password,
                parameters, null, null, null, null, null, null, null, 0, null, null, 0, null, null, true);
    }

    /** The database's JDBC URL with its parameters (never the user or password). */
    public String jdbcUrl() {
        return jdbcUrl(jdbcParameters);
    }

    /** The database's JDBC URL with the given parameters instead of its own. */
    String jdbcUrl(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return plainJdbcUrl();
        }
        return plainJdbcUrl() + "?" + parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The URL without parameters, for connections that get them as properties. */
    String plainJdbcUrl() {
        return PREFIX + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    public RelaySettings withSlot(String slot, String publication) {
        return new RelaySettings(host, port, database, user, password, jdbcParameters, slot, publication, pollInterval,
                offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize, producerOverrides,
                leaderTimeout, stepDownAfterFailures, stepDownCooldown, maxRestartBackoff, wakeOnChange);
    }

    public RelaySettings withTiming(Duration poll, Duration offsetFlush, Duration heartbeat, Duration standbyCheck) {
        return new RelaySettings(host, port, database, user, password, jdbcParameters, slotName, publicationName, poll,
                offsetFlush, heartbeat, standbyCheck, sendTimeout, maxBatchSize, producerOverrides,
                leaderTimeout, stepDownAfterFailures, stepDownCooldown, maxRestartBackoff, wakeOnChange);
    }

    public RelaySettings withProducer(Map<String, Object> overrides, Duration sendTimeout, int maxBatchSize) {
        return new RelaySettings(host, port, database, user, password, jdbcParameters, slotName, publicationName,
                pollInterval, offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize,
                overrides, leaderTimeout, stepDownAfterFailures, stepDownCooldown, maxRestartBackoff, wakeOnChange);
    }

    public RelaySettings withFailover(Duration leaderTimeout, int stepDownAfterFailures, Duration stepDownCooldown,
                                      Duration maxRestartBackoff) {
        return new RelaySettings(host, port, database, user, password, jdbcParameters, slotName, publicationName,
                pollInterval, offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize,
                producerOverrides, leaderTimeout, stepDownAfterFailures, stepDownCooldown, maxRestartBackoff, wakeOnChange);
    }

    public RelaySettings withWakeOnChange(boolean wakeOnChange) {
        return new RelaySettings(host, port, database, user, password, jdbcParameters, slotName, publicationName,
                pollInterval, offsetFlushInterval, heartbeatInterval, standbyCheckInterval, sendTimeout, maxBatchSize,
                producerOverrides, leaderTimeout, stepDownAfterFailures, stepDownCooldown, maxRestartBackoff, wakeOnChange);
    }

    /**
     * How long PostgreSQL lets the lock session sit idle before it ends it: the leader pings it every standby
     * check, so only a leader that stopped answering loses the lock this way.
     */
    Duration lockSessionTimeout() {
        Duration floor = standbyCheckInterval.multipliedBy(3);
        return leaderTimeout.compareTo(floor) < 0 ? floor : leaderTimeout;
    }

    /** No password, not even one in a JDBC parameter, ever reaches a log line through this record. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        jdbcParameters.forEach((k, v) -> shown.put(k, Redaction.isSecretName(k) ? "****" : v));
        return "RelaySettings[" + plainJdbcUrl() + ", parameters=" + shown + ", user=" + user + ", password=****, slot="
                + slotName + ", publication=" + publicationName + ", poll=" + pollInterval + ", offsetFlush="
                + offsetFlushInterval + ", heartbeat=" + heartbeatInterval + ", standbyCheck=" + standbyCheckInterval
                + ", sendTimeout=" + sendTimeout + ", maxBatchSize=" + maxBatchSize + ", leaderTimeout=" + leaderTimeout
                + ", stepDownAfterFailures=" + stepDownAfterFailures + ", stepDownCooldown=" + stepDownCooldown
                + ", maxRestartBackoff=" + maxRestartBackoff + ", wakeOnChange=" + wakeOnChange + "]";
    }

    static String defaultSlotName(String database) {
        return ("outbox_" + database.toLowerCase().replaceAll("[^a-z0-9_]", "_"));
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            parameters.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
