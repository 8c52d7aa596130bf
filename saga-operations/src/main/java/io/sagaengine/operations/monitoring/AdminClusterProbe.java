package io.sagaengine.operations.monitoring;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Describes the cluster with a Kafka admin client, created on first use and closed with the context. */
final class AdminClusterProbe implements KafkaHealthIndicator.ClusterProbe, AutoCloseable {

    private final Map<String, Object> config;
    private final Duration timeout;
    private Admin admin;

    /** @param adminConfig connection and security settings, as for any admin client of the service */
    AdminClusterProbe(Map<String, Object> adminConfig, Duration timeout) {
        this.config = new HashMap<>(adminConfig);
        int millis = (int) Math.max(1, timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "saga-operations-health");
        this.timeout = timeout;
    }

    @Override
    public synchronized KafkaHealthIndicator.Cluster describe() throws Exception {
        if (admin == null) {
            admin = Admin.create(config);
        }
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) Math.max(1, timeout.toMillis())));
        long millis = timeout.toMillis();
        String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
        return new KafkaHealthIndicator.Cluster(clusterId, nodes);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
