-- Every re-drive of a dead-lettered record: who, why, when, which record (its DLT coordinates) and where it
-- went. A row is written (PENDING: published_at is null) before the record is published and marked published
-- after Kafka acknowledged it; it keeps the exact record to publish, so a crash in between, or a DLT whose
-- retention deleted the record meanwhile, still ends in a publish (the recovery re-sends pending rows;
-- consumers deduplicate by message id).
CREATE TABLE dead_letter_redrive (
    id               bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dlt_topic        varchar(249) NOT NULL,
    dlt_partition    integer      NOT NULL,
    dlt_offset       bigint       NOT NULL,
    -- 1 for a record's first re-drive; a forced re-drive of the same record takes the next number
    attempt          integer      NOT NULL,
    forced           boolean      NOT NULL,
    actor            varchar(255) NOT NULL,
    reason           text         NOT NULL,
    requested_at     timestamptz  NOT NULL DEFAULT clock_timestamp(),
    target_topic     varchar(249) NOT NULL,
    message_id       varchar(255),
    message_type     varchar(255),
    saga_id          varchar(255),
    record_key       bytea,
    record_value     bytea,
    -- the headers to publish, in order: [{"name": "...", "value": "<base64>"}]
    record_headers   jsonb        NOT NULL,
    published_at     timestamptz,
    target_partition integer,
    target_offset    bigint,
    last_error       text,
    CONSTRAINT dead_letter_redrive_once UNIQUE (dlt_topic, dlt_partition, dlt_offset, attempt)
);

CREATE INDEX dead_letter_redrive_pending ON dead_letter_redrive (requested_at) WHERE published_at IS NULL;
