-- How far each partition of the reply topics has been read and applied: every reply appended to the partition
-- before read_through has been handled (its effect committed). Deadlines fire only up to the oldest of these,
-- so a deadline means "no reply came", never "nobody was reading" (a restart, a rebalance, a broker outage).
-- Rows are written by whichever orchestrator instance reads the partition; read_through only moves forward.
CREATE TABLE saga_reply_frontier (
    topic        varchar(249) NOT NULL,
    partition    integer      NOT NULL,
    read_through timestamptz  NOT NULL,
    reader       varchar(255),
    updated_at   timestamptz  NOT NULL,
    PRIMARY KEY (topic, partition)
);
