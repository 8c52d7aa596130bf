-- Replies for sagas of a type the instance that read them does not define: during a rolling upgrade several builds
-- share this database and the reply consumer group, and a type may be added by a newer build, renamed or retired.
-- Such a reply is marked processed in the inbox and kept here, whole, in one transaction, so it neither blocks its
-- partition nor parks its saga. An instance whose build defines the type applies the held replies of a saga oldest
-- first (seq), with the saga's row locked, and deletes each in the transaction of its effect.
CREATE TABLE saga_held_reply (
    message_id     uuid         PRIMARY KEY,
    seq            bigint       GENERATED ALWAYS AS IDENTITY,
    saga_id        uuid         NOT NULL,
    saga_type      varchar(100) NOT NULL,
    message_type   varchar(255) NOT NULL,
    schema_version integer      NOT NULL,
    causation_id   uuid,
    traceparent    text,
    payload        bytea        NOT NULL,
    sent_at        timestamptz,
    held_at        timestamptz  NOT NULL
);

-- One saga's held replies in order; which sagas of the types an instance defines have any.
CREATE INDEX saga_held_reply_saga ON saga_held_reply (saga_id, seq);
CREATE INDEX saga_held_reply_type ON saga_held_reply (saga_type, saga_id);
