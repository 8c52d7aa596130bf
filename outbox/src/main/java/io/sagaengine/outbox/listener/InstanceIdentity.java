package io.sagaengine.outbox.listener;

import io.sagaengine.outbox.relay.SessionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The static group-membership name ({@code group.instance.id}) of this instance's listeners, held in the service's
 * own database so that no two live instances ever use the same one.
 *
 * <p>Without a configured name, the instance leases the lowest free {@code <prefix>-<n>}: instances started from
 * identical configuration each get their own, and an instance that dies frees its name at once (the lock goes with
 * its database session), so a lone restarted instance gets the same name back and its partitions without a
 * rebalance. A configured name held by a live instance is refused at start. While the instance runs, the name is
 * kept alive at every watch; if its session is lost (a database restart, a frozen process) the instance takes the
 * name back, or leases another one if somebody else took it meanwhile; if the broker fences it all the same (another
 * process joined with its name without asking the database), it goes on with dynamic membership, which can never be
 * fenced. Every change counts one {@link #generation()}, after which listeners must be restarted. The session that
 * holds a name shows it in {@code pg_stat_activity.application_name} ({@code outbox-consumer-instance <name> ...}).
 */
final class InstanceIdentity implements AutoCloseable {

    static final String NAMESPACE = "outbox-consumer-instance";
    static final int MAX_LEASED_NAMES = 64;

    private static final Logger log = LoggerFactory.getLogger(InstanceIdentity.class);

    private final SessionLock lock;
    private final String configured;
    private final String prefix;
    private final Duration leaseTimeout;
    private final AtomicLong generation = new AtomicLong();
    private volatile String name;
    private volatile String dynamicReason;

    /**
     * @param lock       the session lock that holds the name; {@code null} for dynamic membership
     * @param configured the name an operator configured, or {@code null} to lease one
     * @param prefix     leased names are {@code prefix-1}, {@code prefix-2}, ...
     */
    InstanceIdentity(SessionLock lock, String configured, String prefix, Duration leaseTimeout) {
        this.lock = lock;
        this.configured = configured;
        this.prefix = prefix;
        this.leaseTimeout = leaseTimeout;
        this.dynamicReason = lock == null ? "static membership is off (outbox.consumer.static-membership=false)" : null;
    }

    /**
     * Claims a name before any listener starts.
     *
     * @throws IdentityTakenException if the configured name is held by a live instance
     */
    void claim() {
        if (lock == null) {
            log.info("Listeners join their groups with dynamic membership (static membership is off)");
            return;
        }
        if (configured != null) {
            claimConfigured();
        } else {
            String leased = leaseFreeName();
            if (leased == null) {
                becomeDynamic("no free name among " + prefix + "-1 to " + prefix + "-" + MAX_LEASED_NAMES);
                return;
            }
            name = leased;
            log.info("Listeners join their groups as {} (a static identity leased from the database: the lowest name "
                    + "no live instance of this service holds)", leased);
        }
    }

    /** The current static name, or {@code null} while membership is dynamic. */
    String name() {
        return name;
    }

    /** Why membership is dynamic, or {@code null} while it is static. */
    String dynamicReason() {
        return dynamicReason;
    }

    /** Counts every change of the name after the claim: listeners built before must be restarted. */
    long generation() {
        return generation.get();
    }

    /**
     * Keeps the name alive (called at every watch). If its session was lost, takes the name back, or leases another
     * one when somebody else holds it now; a database that cannot be reached changes nothing until it can.
     */
    void keep() {
        String current = name;
        if (current == null || lock.stillHeld()) {
            return;
        }
        try {
            if (lock.tryAcquire(current)) {
                log.warn("The session holding this instance's name {} was lost (the database ended it or restarted); "
                        + "the name is held again", current);
                return;
            }
            if (configured != null) {
                becomeDynamic("its configured name " + current + " was taken by another instance while this one "
                        + "could not hold it");
                return;
            }
            String leased = leaseFreeName();
            if (leased == null) {
                becomeDynamic("its name " + current + " was taken by another instance and no other name is free");
                return;
            }
            name = leased;
            generation.incrementAndGet();
            log.error("This instance's name {} was taken by another instance while this one could not hold it (frozen, "
                    + "or cut off from the database); its listeners rejoin their groups as {}", current, leased);
        } catch (SQLException e) {
            log.debug("Could not take the name {} back yet: {}", current, e.getMessage());
        }
    }

    /**
     * The broker fenced a listener: another consumer joined with this instance's name. Goes on with dynamic
     * membership, which can never be fenced, and frees the name.
     */
    void fenced(String listener) {
        String current = name;
        if (current == null) {
            return;
        }
        log.error("Kafka listener {} was fenced: another consumer joined its group with this instance's name {} "
                + "(group.instance.id), which no instance should use without holding it in the database (a process "
                + "started with a hard-coded group.instance.id, or an older build). This instance goes on with dynamic "
                + "membership so it cannot be fenced again; find the other consumer in the group's member list "
                + "(kafka-consumer-groups --describe --members) and give it a name of its own", listener, current);
        becomeDynamic("fenced by another consumer using " + current);
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    private void claimConfigured() {
        long deadline = System.nanoTime() + leaseTimeout.plusSeconds(2).toNanos();
        try {
            while (!lock.tryAcquire(configured)) {
                if (System.nanoTime() - deadline >= 0) {
                    String holder = lock.holderOf(configured);
                    throw new IdentityTakenException(configured, holder == null ? "holder unknown" : holder, prefix);
                }
                // the holder may be dying: a frozen one loses its session after the lease timeout
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim outbox.consumer.instance-id=" + configured
                    + " in the service's database: " + e.getMessage(), e);
        }
        name = configured;
        log.info("Listeners join their groups as {} (outbox.consumer.instance-id, held in the database)", configured);
    }

    private String leaseFreeName() {
        for (int n = 1; n <= MAX_LEASED_NAMES; n++) {
            String candidate = prefix + "-" + n;
            try {
                if (lock.tryAcquire(candidate)) {
                    return candidate;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not lease a listener name in the service's database: "
                        + e.getMessage(), e);
            }
        }
        return null;
    }

    private void becomeDynamic(String reason) {
        name = null;
        dynamicReason = reason;
        generation.incrementAndGet();
        lock.release();
        log.warn("Listeners go on with dynamic group membership: {}", reason);
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** A configured name that a live instance holds. */
    static final class IdentityTakenException extends IllegalStateException {
        IdentityTakenException(String configured, String holder, String prefix) {
            super("outbox.consumer.instance-id=" + configured + " is held by a live instance of this service ("
                    + holder + "). Two instances must never share a static group identity: the newer one would fence "
                    + "the older, whose listeners would stop. Give this instance a name of its own, or leave "
                    + "outbox.consumer.instance-id unset so that every instance leases a free one (" + prefix + "-1, "
                    + prefix + "-2, ...).");
        }
    }
}
