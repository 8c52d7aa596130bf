package io.sagaengine.testsupport;

/** Embedded real servers: PostgreSQL 17 binaries and an in-process Kafka broker, started in parallel. */
final class EmbeddedServers implements RealServers, AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final InProcessKafka kafka;

    private EmbeddedServers(EmbeddedPostgresServer postgres, InProcessKafka kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    static EmbeddedServers start() {
        var kafkaStart = new java.util.concurrent.CompletableFuture<InProcessKafka>();
        Thread kafkaThread = new Thread(() -> {
            try {
                kafkaStart.complete(InProcessKafka.start(4));
            } catch (Throwable t) {
                kafkaStart.completeExceptionally(t);
            }
        }, "kafka-start");
        kafkaThread.start();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0, false);
        return new EmbeddedServers(postgres, kafkaStart.join());
    }

    @Override
    public String createDatabase(String name) {
        return postgres.createDatabase(name);
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    @Override
    public String username() {
        return EmbeddedPostgresServer.USER;
    }

    @Override
    public String password() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
