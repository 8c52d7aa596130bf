package io.sagaengine.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The services' consumer groups as the broker sees them: who is a member and which partitions each holds. */
final class ConsumerGroups implements AutoCloseable {

    /** The orchestrators' reply listeners. */
    static final String ORCHESTRATOR = "saga-orchestrator";
    /** The payment instances' command listeners. */
    static final String PAYMENT = "payment-participant";

    /**
     * @param instanceId the static member name ({@code group.instance.id}), empty for a dynamic member
     */
    record Member(String memberId, Optional<String> instanceId, String clientId, Set<TopicPartition> partitions) {

        boolean consuming() {
            return !partitions.isEmpty();
        }

        @Override
        public String toString() {
            return instanceId.orElse("dynamic") + "(" + memberId + ", " + partitions.size() + " partitions)";
        }
    }

    /** @param state e.g. Stable, PreparingRebalance, CompletingRebalance, Empty, Dead */
    record Group(String state, List<Member> members) {

        long consumingMembers() {
            return members.stream().filter(Member::consuming).count();
        }

        boolean stable() {
            return "Stable".equalsIgnoreCase(state);
        }

        @Override
        public String toString() {
            return state + " " + members;
        }
    }

    private final Admin admin;

    ConsumerGroups(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
    }

    Group describe(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(20, TimeUnit.SECONDS).get(group);
        List<Member> members = description.members().stream()
                .map(m -> new Member(m.consumerId(), m.groupInstanceId(), m.clientId(),
                        Set.copyOf(m.assignment().topicPartitions())))
                .toList();
        return new Group(description.groupState().toString(), members);
    }

    /**
     * Describes {@code group} every half second until {@code condition} holds or {@code within} passed; returns
     * the last description (null if the broker never answered), on which the caller tests the condition again.
     */
    Group await(String group, Duration within, Predicate<Group> condition) {
        AtomicReference<Group> last = new AtomicReference<>();
        Poll.until(within, Duration.ofMillis(500), () -> {
            try {
                last.set(describe(group));
                return condition.test(last.get());
            } catch (Exception e) {
                return false;
            }
        });
        return last.get();
    }

    /** Takes a static member out of the group at once, instead of after its session timeout. */
    void removeStaticMember(String group, String instanceId) throws Exception {
        admin.removeMembersFromConsumerGroup(group,
                new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(instanceId))))
                .all().get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close();
    }
}
