package io.sagaengine.outbox.relay;

import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The publication carries what the relay forwards: the outbox's inserts and the heartbeat's upserts, no deletes. */
class ReplicationSetupIT {

    private static final RealServers servers = RealServers.shared();

    @Test
    void aNewPublicationLeavesOutTheDeletesOfOutboxRows() {
        OutboxDatabase db = new OutboxDatabase(servers, "setup_new_it");
        try {
            ReplicationSetup.ensure(db.relaySettings());

            assertThat(publication(db)).containsEntry("pubinsert", true).containsEntry("pubupdate", true)
                    .containsEntry("pubdelete", false).containsEntry("pubtruncate", false);
        } finally {
            db.dropSlot();
        }
    }

    @Test
    void aPublicationMadeBeforeIsNarrowedWhenTheRelayStarts() {
        OutboxDatabase db = new OutboxDatabase(servers, "setup_old_it");
        db.jdbc.execute("CREATE PUBLICATION " + db.relaySettings().publicationName()
                + " FOR TABLE public.outbox, public.outbox_heartbeat");
        try {
            ReplicationSetup.ensure(db.relaySettings());

            assertThat(publication(db)).containsEntry("pubinsert", true).containsEntry("pubupdate", true)
                    .containsEntry("pubdelete", false).containsEntry("pubtruncate", false);
            assertThat(db.jdbc.queryForList("SELECT tablename FROM pg_publication_tables WHERE pubname = ?",
                    String.class, db.relaySettings().publicationName()))
                    .containsExactlyInAnyOrder("outbox", "outbox_heartbeat");
        } finally {
            db.dropSlot();
        }
    }

    private static Map<String, Object> publication(OutboxDatabase db) {
        return db.jdbc.queryForMap("SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication "
                + "WHERE pubname = ?", db.relaySettings().publicationName());
    }
}
