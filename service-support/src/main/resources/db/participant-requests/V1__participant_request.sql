-- One row per requestId (a saga step's idempotency key) of a participant: what became of the forward command and
-- of its compensation. The primary key is the one place where two deliveries of a requestId meet: the first
-- transaction to insert it holds the row until it commits, and every other delivery of that requestId waits for it.
--
-- state:
--   EXECUTING                     only ever seen inside the transaction that runs the forward command
--   EXECUTED                      the forward command ran; outcome is what it decided
--   COMPENSATED                   it ran, then its compensation ran
--   COMPENSATED_BEFORE_EXECUTION  the compensation came first: a late forward command is answered, not run
CREATE TABLE participant_request (
    request_id     uuid         PRIMARY KEY,
    order_id       varchar(255) NOT NULL,
    state          varchar(30)  NOT NULL
        CHECK (state IN ('EXECUTING', 'EXECUTED', 'COMPENSATED', 'COMPENSATED_BEFORE_EXECUTION')),
    outcome        jsonb,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    executed_at    timestamptz,
    compensated_at timestamptz,
    CHECK ((state IN ('EXECUTED', 'COMPENSATED')) = (outcome IS NOT NULL)),
    CHECK ((state IN ('COMPENSATED', 'COMPENSATED_BEFORE_EXECUTION')) = (compensated_at IS NOT NULL))
);
CREATE INDEX participant_request_order_id ON participant_request (order_id);
