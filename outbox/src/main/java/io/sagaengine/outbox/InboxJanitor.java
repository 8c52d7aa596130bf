package io.sagaengine.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes inbox records past their retention, so the dedup table does not grow without bound. */
final class InboxJanitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxJanitor.class);

    private final JdbcInbox inbox;
    private final OutboxProperties.Inbox settings;
    private ScheduledExecutorService scheduler;

    InboxJanitor(JdbcInbox inbox, OutboxProperties.Inbox settings) {
        this.inbox = inbox;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inbox-janitor");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.purgeInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            int purged = inbox.purgeOlderThan(settings.retention());
            if (purged > 0) {
                log.info("Purged {} inbox records older than {}", purged, settings.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Purging the inbox failed; will try again in {}", Duration.ofMillis(settings.purgeInterval().toMillis()), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
