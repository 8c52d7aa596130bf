-- Which instance of the service holds which static group-membership name (group.instance.id). The name itself is
-- held by a PostgreSQL session advisory lock of the instance that claimed it, which ends with that instance's
-- session; this table only says who claimed it last, for the message that refuses a name already held and for
-- operators who look.
CREATE TABLE outbox_consumer_instance (
    name        varchar(255) PRIMARY KEY,
    host        varchar(255),
    pid         bigint,
    claimed_at  timestamptz  NOT NULL,
    released_at timestamptz
);
