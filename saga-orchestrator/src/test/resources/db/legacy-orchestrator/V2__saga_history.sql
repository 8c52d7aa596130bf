-- A saga's timeline, written in the transaction of the input it records: transitions, commands sent,
-- replies received (also ignored, unmatched and failed ones, payload kept), deadlines and operator actions.
-- No foreign key: a reply for an unknown saga id is recorded under that id too.
CREATE TABLE saga_history (
    id           bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saga_id      uuid         NOT NULL,
    at           timestamptz  NOT NULL,
    kind         varchar(30)  NOT NULL,
    step         varchar(100),
    from_state   varchar(200),
    to_state     varchar(200),
    event        varchar(50),
    message_id   uuid,
    message_type varchar(255),
    causation_id uuid,
    request_id   uuid,
    payload      jsonb,
    actor        varchar(255),
    reason       text
);

CREATE INDEX saga_history_saga_id ON saga_history (saga_id, id);
