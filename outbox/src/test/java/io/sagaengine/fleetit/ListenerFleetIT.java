package io.sagaengine.fleetit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.sagaengine.outbox.listener.ListenerConsumers;
import io.sagaengine.outbox.listener.ServiceReadiness;
import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Instances of one service started from identical configuration, on a real PostgreSQL and a real Kafka broker: each
 * leases a static group identity of its own and all of them consume; a configured identity a live instance holds is
 * refused at start; a listener the broker fences is restarted (with dynamic membership) instead of stopping for good,
 * and the instance refuses traffic meanwhile; the group's lag is read from the broker.
 */
class ListenerFleetIT {

    private static final RealServers servers = RealServers.shared();
    private static final int PARTITIONS = 4;

    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        running.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void instancesStartedFromIdenticalConfigurationEachLeaseTheirOwnIdentityAndAllConsume() throws Exception {
        Fleet fleet = new Fleet("fleet_identical_it");
        ConfigurableApplicationContext first = fleet.start(Map.of());
        ConfigurableApplicationContext second = fleet.start(Map.of());
        assertThat(List.of(name(first), name(second))).containsExactly("fleet-it-1", "fleet-it-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.membersWithPartitions().equals(
                Set.of("fleet-it-1-0", "fleet-it-2-0")));

        fleet.send("a", 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.handled("a") == 40);
        assertThat(fleet.handledBy("a")).as("both instances consumed").containsExactlyInAnyOrder("fleet-it-1", "fleet-it-2");
        assertThat(restarts(first) + restarts(second)).as("no listener was fenced or restarted").isZero();

        first.close();
        ConfigurableApplicationContext again = fleet.start(Map.of());
        assertThat(name(again)).as("the name the stopped instance held is free again").isEqualTo("fleet-it-1");
        fleet.send("b", 40);
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.handled("b") == 40);
        assertThat(restarts(second) + restarts(again)).isZero();
    }

    @Test
    void aConfiguredIdentityThatALiveInstanceHoldsIsRefusedAtStart() {
        Fleet fleet = new Fleet("fleet_configured_it");
        ConfigurableApplicationContext first = fleet.start(Map.of("outbox.consumer.instance-id", "payments-a"));
        assertThat(name(first)).isEqualTo("payments-a");

        assertThatThrownBy(() -> fleet.start(Map.of("outbox.consumer.instance-id", "payments-a")))
                .rootCause()
                .hasMessageContaining("outbox.consumer.instance-id=payments-a is held by a live instance")
                .hasMessageContaining("leave outbox.consumer.instance-id unset");

        first.close();
        assertThat(name(fleet.start(Map.of("outbox.consumer.instance-id", "payments-a"))))
                .as("free again once its holder stopped").isEqualTo("payments-a");
    }

    @Test
    void aListenerTheBrokerFencesConsumesAgainWithDynamicMembershipAndTheInstanceIsNotReadyMeanwhile() throws Exception {
        Fleet fleet = new Fleet("fleet_fenced_it");
        ConfigurableApplicationContext instance = fleet.start(Map.of());
        fleet.send("before", 8);
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.handled("before") == 8);
        String member = name(instance) + "-0";

        try (KafkaConsumer<String, byte[]> impostor = fleet.consumer(member)) {
            impostor.subscribe(List.of(fleet.topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                impostor.poll(Duration.ofMillis(200));
                return !impostor.assignment().isEmpty();
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> restarts(instance) > 0 && consuming(instance));
        assertThat(instance.getBean(ListenerConsumers.class).instanceName())
                .as("after a fence the instance stops using a static identity").doesNotStartWith("fleet-it-");
        assertThat(instance.getBean(FleetTestApplication.class).readiness)
                .as("readiness went down while the listener was stopped, and up again")
                .containsSubsequence(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
        assertThat(instance.getBean(ServiceReadiness.class).refusesWork()).isFalse();

        fleet.send("after", 8);
        await().atMost(Duration.ofSeconds(60)).until(() -> fleet.handled("after") == 8);
    }

    @Test
    void theLagOfTheGroupComesFromTheBroker() throws Exception {
        Fleet fleet = new Fleet("fleet_lag_it");
        ConfigurableApplicationContext instance = fleet.start(Map.of());
        MeterRegistry meters = instance.getBean(MeterRegistry.class);
        try {
            fleet.sendToOnePartition(FleetTestApplication.HOLD, 1);
            fleet.sendToOnePartition("behind", 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> lag(meters, fleet) >= 10);
        } finally {
            FleetTestApplication.release();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.handled("behind") == 10 && lag(meters, fleet) == 0);
    }

    private static String name(ConfigurableApplicationContext context) {
        return context.getBean(ListenerConsumers.class).instanceName();
    }

    private static long restarts(ConfigurableApplicationContext context) {
        return (long) Search.in(context.getBean(MeterRegistry.class)).name("outbox.listener.restarts").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    private static boolean consuming(ConfigurableApplicationContext context) {
        return context.getBean("listenersHealthIndicator", HealthIndicator.class).health().getStatus() == Status.UP;
    }

    private static double lag(MeterRegistry meters, Fleet fleet) {
        return Search.in(meters).name("outbox.consumer.lag").tag("group", fleet.group).tag("topic", fleet.topic)
                .gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    /** One service's database, topic and group, and the instances started on them. */
    private final class Fleet {
        final String topic = "fleet-it." + UUID.randomUUID();
        final String group = "fleet-it-" + UUID.randomUUID();
        final String jdbcUrl;
        final JdbcTemplate jdbc;

        Fleet(String database) throws RuntimeException {
            jdbcUrl = servers.createDatabase(database);
            jdbc = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, servers.username(), servers.password()));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Starts one more instance with this fleet's configuration (plus {@code extra}). */
        ConfigurableApplicationContext start(Map<String, String> extra) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("spring.application.name", "fleet-it");
            properties.put("spring.datasource.url", jdbcUrl);
            properties.put("spring.datasource.username", servers.username());
            properties.put("spring.datasource.password", servers.password());
            properties.put("spring.kafka.bootstrap-servers", servers.bootstrapServers());
            properties.put("spring.flyway.locations", "classpath:db/fleet-it");
            properties.put("outbox.relay.enabled", "false");
            properties.put("outbox.consumer.session-timeout", "6s");
            properties.put("outbox.consumer.heartbeat-interval", "1s");
            properties.put("outbox.consumer.lease-timeout", "3s");
            properties.put("outbox.consumer.watch-interval", "500ms");
            properties.put("outbox.consumer.lag-interval", "500ms");
            properties.put("fleet.topic", topic);
            properties.put("fleet.group", group);
            properties.putAll(extra);
            ConfigurableApplicationContext context = new SpringApplicationBuilder(FleetTestApplication.class)
                    .web(WebApplicationType.NONE).properties(properties).run();
            running.add(context);
            return context;
        }

        void send(String prefix, int count) throws Exception {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, prefix + "-" + i, "{}".getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
        }

        void sendToOnePartition(String prefix, int count) throws Exception {
            try (KafkaProducer<String, byte[]> producer = producer()) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, prefix + "-" + i, "{}".getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
        }

        long handled(String prefix) {
            return jdbc.queryForObject("SELECT count(*) FROM fleet_effect WHERE message_key LIKE ?", Long.class,
                    prefix + "-%");
        }

        Set<String> handledBy(String prefix) {
            return Set.copyOf(jdbc.queryForList("SELECT DISTINCT instance FROM fleet_effect WHERE message_key LIKE ?",
                    String.class, prefix + "-%"));
        }

        /** The static members of the group that have partitions assigned. */
        Set<String> membersWithPartitions() throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()))) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(30, TimeUnit.SECONDS).get(group);
                return description.members().stream()
                        .filter(member -> !member.assignment().topicPartitions().isEmpty())
                        .map(MemberDescription::groupInstanceId)
                        .flatMap(java.util.Optional::stream).collect(Collectors.toSet());
            }
        }

        KafkaConsumer<String, byte[]> consumer(String groupInstanceId) {
            return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000),
                    new StringDeserializer(), new ByteArrayDeserializer());
        }

        private KafkaProducer<String, byte[]> producer() {
            return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
    }
}
