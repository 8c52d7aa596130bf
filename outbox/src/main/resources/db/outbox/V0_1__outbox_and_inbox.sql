-- Outbox rows in the shape of Debezium's outbox EventRouter: aggregateid is the Kafka key, id the
-- message-id header. The relay reads inserts from the WAL; by default each row is deleted in the same
-- transaction that inserted it, so the table stays empty.
CREATE TABLE outbox (
    id             uuid         PRIMARY KEY,
    aggregatetype  varchar(255) NOT NULL,
    aggregateid    varchar(255) NOT NULL,
    type           varchar(255) NOT NULL,
    topic          varchar(249) NOT NULL,
    payload        jsonb        NOT NULL,
    schema_version integer      NOT NULL,
    saga_id        varchar(255),
    causation_id   uuid,
    traceparent    varchar(64),
    created_at     timestamptz  NOT NULL DEFAULT clock_timestamp()
);

-- Written by the relay's heartbeat so the replication slot advances on a quiet database.
CREATE TABLE outbox_heartbeat (
    id      integer     PRIMARY KEY,
    beat_at timestamptz NOT NULL
);

CREATE TABLE inbox (
    consumer     varchar(100) NOT NULL,
    message_id   uuid         NOT NULL,
    processed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_processed_at ON inbox (processed_at);
