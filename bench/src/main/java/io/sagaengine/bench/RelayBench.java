package io.sagaengine.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelaySettings;
import io.sagaengine.testsupport.EmbeddedPostgresServer;
import io.sagaengine.testsupport.KafkaBrokerProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbox relay benchmark on real servers: an embedded PostgreSQL 17 (fsync on), a Kafka broker in its own
 * process, one relay. Phase 1 offers a fixed rate of single-message transactions and measures commit to
 * consumer latency from each message's intended send time. Phase 2 writes as fast as four writers can
 * (batches of 50 per transaction) and measures what the relay delivers per second.
 */
final class RelayBench {

    private static final int WRITERS = 4;
    /** Enough concurrent single-message transactions that commit latency does not cap the offered rate. */
    private static final int RATE_WRITERS = 16;

    private RelayBench() {
    }

    static void run(Map<String, String> options) throws Exception {
        int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int pollMs = Integer.parseInt(options.getOrDefault("poll-ms", "5"));
        int maxBatch = Integer.parseInt(options.getOrDefault("max-batch", "2048"));
        boolean wakeOnChange = Boolean.parseBoolean(options.getOrDefault("wake-on-change", "true"));
        int throughputMessages = Integer.parseInt(options.getOrDefault("throughput-messages", "60000"));
        Duration warmup = Duration.ofSeconds(Integer.parseInt(options.getOrDefault("warmup-seconds", "10")));
        Path work = Files.createTempDirectory("relay-bench");

        progress("starting PostgreSQL 17 (fsync on) and a Kafka broker process");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("pg"), 0, true);
             KafkaBrokerProcess kafka = KafkaBrokerProcess.start(work.resolve("kafka"), 0, 4, Duration.ofSeconds(90))) {
            String jdbcUrl = postgres.createDatabase("bench");
            Flyway.configure().dataSource(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)
                    .locations("classpath:db/outbox").load().migrate();
            String latencyTopic = "bench.latency";
            String throughputTopic = "bench.throughput";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(latencyTopic, 4, (short) 1),
                        new NewTopic(throughputTopic, 4, (short) 1))).all().get();
            }

            RelaySettings settings = RelaySettings.forJdbcUrl(jdbcUrl, EmbeddedPostgresServer.USER,
                            EmbeddedPostgresServer.PASSWORD)
                    .withTiming(Duration.ofMillis(pollMs), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(1))
                    .withProducer(Map.of(), Duration.ofSeconds(30), maxBatch)
                    .withWakeOnChange(wakeOnChange);
            try (OutboxRelay relay = new OutboxRelay(settings, kafka.bootstrapServers(), new SimpleMeterRegistry())) {
                relay.start();
                if (!relay.awaitStreaming(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("relay did not start streaming");
                }
                progress("relay streaming (wake on change: " + wakeOnChange + ", poll " + pollMs + " ms); phase 1: " + rate + " msg/s for " + seconds + " s (+" + warmup.toSeconds() + " s warm-up)");
                Histogram[] phase1 = fixedRate(jdbcUrl, kafka.bootstrapServers(), latencyTopic, rate, seconds, warmup);
                Histogram latency = phase1[0];
                Histogram commitToConsumer = phase1[1];
                progress(String.format("phase 1 done: %d samples; intended-send->consumer p50 %.2f ms p99 %.2f ms; "
                                + "commit->consumer p50 %.2f ms p99 %.2f ms max %.2f ms", latency.getTotalCount(),
                        ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(99)),
                        ms(commitToConsumer.getValueAtPercentile(50)), ms(commitToConsumer.getValueAtPercentile(99)),
                        ms(commitToConsumer.getMaxValue())));
                progress("phase 2: " + throughputMessages + " messages as fast as " + WRITERS + " writers commit them");
                double throughput = maxThroughput(jdbcUrl, kafka.bootstrapServers(), throughputTopic, throughputMessages);
                System.out.printf("RESULT relay rate=%d/s p50_ms=%.2f p99_ms=%.2f max_ms=%.2f max_throughput_per_s=%.0f%n",
                        rate, ms(commitToConsumer.getValueAtPercentile(50)), ms(commitToConsumer.getValueAtPercentile(99)),
                        ms(commitToConsumer.getMaxValue()), throughput);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            progress("could not remove " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Two histograms in micros: from each message's intended send time (corrects coordinated omission) to the
     * consumer's first receipt, and from its commit returning to that receipt.
     */
    private static Histogram[] fixedRate(String jdbcUrl, String bootstrap, String topic, int rate, int seconds,
                                        Duration warmup)
            throws Exception {
        long total = (long) rate * (seconds + warmup.toSeconds());
        int warmupCount = rate * (int) warmup.toSeconds();
        long[] committedAt = new long[(int) total];
        long[] receivedAt = new long[(int) total];
        long[] intendedAt = new long[(int) total];
        AtomicLong received = new AtomicLong();
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        Thread consumer = consume(bootstrap, topic, record -> {
            long now = System.nanoTime();
            int index = Integer.parseInt(TopicValue.of(record).split(":")[0]);
            if (receivedAt[index] == 0) {
                receivedAt[index] = now;
                received.incrementAndGet();
            }
        }, received, total);

        AtomicLong next = new AtomicLong();
        runWriters(jdbcUrl, RATE_WRITERS, writer -> {
            for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                long intended = startNanos + i * 1_000_000_000L / rate;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                writer.commit(List.of(writer.message(topic, "key-" + (i % 64), i + ":" + intended)));
                intendedAt[(int) i] = intended;
                committedAt[(int) i] = System.nanoTime();
            }
        });
        consumer.join(TimeUnit.SECONDS.toMillis(60));
        if (received.get() < total) {
            throw new IllegalStateException("only " + received.get() + " of " + total + " messages arrived");
        }
        Histogram fromIntended = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram fromCommit = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long[] worstPerSecond = new long[seconds + (int) warmup.toSeconds() + 1];
        for (int i = warmupCount; i < total; i++) {
            fromIntended.recordValue(Math.max(0, (receivedAt[i] - intendedAt[i]) / 1000));
            // a record can reach the consumer before its writer thread reads the clock after commit
            long micros = Math.max(0, (receivedAt[i] - committedAt[i]) / 1000);
            fromCommit.recordValue(micros);
            int second = (int) ((intendedAt[i] - startNanos) / 1_000_000_000L);
            worstPerSecond[second] = Math.max(worstPerSecond[second], micros);
        }
        StringBuilder worst = new StringBuilder();
        for (int second = (int) warmup.toSeconds(); second < worstPerSecond.length - 1; second++) {
            worst.append(second == warmup.toSeconds() ? "" : " ").append(worstPerSecond[second] / 1000);
        }
        progress("worst commit->consumer latency per second of phase 1, ms: " + worst);
        return new Histogram[] {fromIntended, fromCommit};
    }

    private static double maxThroughput(String jdbcUrl, String bootstrap, String topic, int messages) throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        Thread consumer = consume(bootstrap, topic, record -> {
            long now = System.nanoTime();
            firstAt.compareAndSet(0, now);
            lastAt.set(now);
            received.incrementAndGet();
        }, received, messages);
        int batch = 50;
        AtomicLong next = new AtomicLong();
        runWriters(jdbcUrl, WRITERS, writer -> {
            for (long i = next.getAndAdd(batch); i < messages; i = next.getAndAdd(batch)) {
                List<OutboxMessage> list = new ArrayList<>(batch);
                for (long j = i; j < Math.min(messages, i + batch); j++) {
                    list.add(writer.message(topic, "key-" + (j % 64), j + ":0"));
                }
                writer.commit(list);
            }
        });
        consumer.join(TimeUnit.SECONDS.toMillis(120));
        if (received.get() < messages) {
            throw new IllegalStateException("only " + received.get() + " of " + messages + " messages arrived");
        }
        double seconds = (lastAt.get() - firstAt.get()) / 1e9;
        return messages / Math.max(seconds, 1e-3);
    }

    /** Work one writer thread does with its own connection. */
    private interface WriterWork {
        void run(Writer writer) throws Exception;
    }

    /** Runs {@code work} on {@code threads} writer threads, each with its own connection, until all finish. */
    private static void runWriters(String jdbcUrl, int threads, WriterWork work) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                done.add(writers.submit(() -> {
                    Writer writer = new Writer(jdbcUrl);
                    try {
                        work.run(writer);
                    } finally {
                        writer.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    private static Thread consume(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> onRecord,
                                  AtomicLong received, long expected) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Set.of(topic));
        Thread thread = new Thread(() -> {
            try (consumer) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (received.get() < expected && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(50)).forEach(onRecord);
                }
            }
        }, "bench-consumer-" + topic);
        thread.start();
        return thread;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static void progress(String line) {
        System.out.println("[bench] " + line);
    }

    /** One JDBC connection and the library's outbox writer, used by one writer thread. */
    private static final class Writer {
        private final SingleConnectionDataSource dataSource;
        private final Outbox outbox;
        private final TransactionTemplate transactions;

        Writer(String jdbcUrl) {
            dataSource = new SingleConnectionDataSource(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, true);
            outbox = Outbox.jdbc(new JdbcTemplate(dataSource), false);
            transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }

        OutboxMessage message(String topic, String key, String body) {
            return OutboxMessage.to(topic).saga(key).type("BenchMessage", 1).payload("{\"v\": \"" + body + "\"}").build();
        }

        void commit(List<OutboxMessage> messages) {
            transactions.executeWithoutResult(status -> outbox.appendAll(messages));
        }

        void close() {
            dataSource.destroy();
        }
    }

    private static final class TopicValue {
        static String of(ConsumerRecord<String, byte[]> record) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            int start = json.indexOf("\"v\": \"") + 6;
            return json.substring(start, json.indexOf('"', start));
        }
    }
}
