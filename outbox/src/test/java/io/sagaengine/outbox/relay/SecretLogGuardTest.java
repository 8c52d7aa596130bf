package io.sagaengine.outbox.relay;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretLogGuardTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void debeziumEventsWithAClearPasswordAreDropped() {
        var failure = new IllegalStateException("Failed to connect JDBC offset backing store: {database.user=pay, "
                + "offset.storage.jdbc.connection.password=s3cret, slot.name=outbox_payment}");
        assertThat(decide("io.debezium.embedded.async.AsyncEmbeddedEngine", "Engine has failed with ",
                new RuntimeException("wrapper", failure))).isEqualTo(FilterReply.DENY);
        assertThat(decide("io.debezium.connector.postgresql.PostgresConnector", "database.password=s3cret", null))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void maskedEmptyOrAbsentPasswordsAndOtherLoggersPass() {
        assertThat(decide("io.debezium.config.CommonConnectorConfig", "database.password = ********", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.debezium.config.CommonConnectorConfig", "database.password=********, x=y", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.debezium.embedded.async.AsyncEmbeddedEngine", "{database.password=, slot.name=s}", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.debezium.embedded.async.AsyncEmbeddedEngine", "1 records sent", null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("io.sagaengine.payment.PaymentService", "password=s3cret", null))
                .as("only Debezium's loggers are guarded").isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void eventsBelowTheLoggersLevelAreNotReadBecauseLogbackDropsThem() {
        ch.qos.logback.classic.Logger streaming = context.getLogger("io.debezium.connector.postgresql.Streaming");
        streaming.setLevel(Level.INFO);
        int[] rendered = {0};
        Object changeRecord = new Object() {
            @Override
            public String toString() {
                rendered[0]++;
                return "password=s3cret";
            }
        };

        assertThat(new SecretLogGuard().decide(null, streaming, Level.TRACE, "Sending {}", new Object[] {changeRecord},
                null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(rendered[0]).as("arguments of a dropped trace call rendered").isZero();
        assertThat(new SecretLogGuard().decide(null, streaming, Level.WARN, "Sending {}", new Object[] {changeRecord},
                null)).isEqualTo(FilterReply.DENY);
    }

    private FilterReply decide(String logger, String message, Throwable t) {
        return new SecretLogGuard().decide(null, context.getLogger(logger), Level.ERROR, message, null, t);
    }
}
