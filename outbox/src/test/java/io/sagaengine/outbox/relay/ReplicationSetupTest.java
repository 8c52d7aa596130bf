package io.sagaengine.outbox.relay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationSetupTest {

    @Test
    void aSlotIsSoundWhileItsWalIsKept() {
        assertThat(ReplicationSetup.invalidation("reserved", false, null)).isNull();
        assertThat(ReplicationSetup.invalidation("extended", null, null)).isNull();
        assertThat(ReplicationSetup.invalidation("unreserved", false, null)).as("at risk, not lost yet").isNull();
        assertThat(ReplicationSetup.invalidation(null, null, null)).as("a server without these columns").isNull();
    }

    @Test
    void aSlotWhoseWalWasRemovedOrThatConflictedIsLost() {
        assertThat(ReplicationSetup.invalidation("lost", null, null)).contains("wal_status lost");
        assertThat(ReplicationSetup.invalidation("lost", false, "wal_removed")).contains("wal_removed", "max_slot_wal_keep_size");
        assertThat(ReplicationSetup.invalidation("reserved", true, "rows_removed")).contains("rows_removed");
        assertThat(ReplicationSetup.invalidation("reserved", true, null)).contains("conflict with recovery");
        assertThat(ReplicationSetup.invalidation(null, null, "idle_timeout")).contains("idle_timeout");
    }
}
