-- One row per saga. The engine writes it with "WHERE version = ?": a writer that read an older version
-- changes nothing and tries again. data and steps are JSON; deadline_at is when the command in flight is
-- re-sent or given up (NULL when nothing waits).
CREATE TABLE saga_instance (
    id            uuid         PRIMARY KEY,
    type          varchar(100) NOT NULL,
    status        varchar(20)  NOT NULL
        CHECK (status IN ('RUNNING', 'COMPLETED', 'COMPENSATING', 'COMPENSATED', 'NEEDS_ATTENTION')),
    state         varchar(200) NOT NULL,
    parked_state  varchar(200),
    data          jsonb        NOT NULL,
    steps         jsonb        NOT NULL,
    outcome       varchar(100),
    version       bigint       NOT NULL,
    deadline_at   timestamptz,
    started_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    progressed_at timestamptz  NOT NULL,
    last_error    text
);

-- The deadline poller: WHERE deadline_at <= ? ORDER BY deadline_at LIMIT n FOR UPDATE SKIP LOCKED.
CREATE INDEX saga_instance_deadline_at ON saga_instance (deadline_at) WHERE deadline_at IS NOT NULL;
-- Listing for support staff: by status, stuck ones by when they last made progress; pages in start order.
CREATE INDEX saga_instance_status_progressed_at ON saga_instance (status, progressed_at);
CREATE INDEX saga_instance_started_at ON saga_instance (started_at, id);
