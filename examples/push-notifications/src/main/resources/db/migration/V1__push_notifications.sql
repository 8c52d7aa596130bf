-- Every order event received, by event id: a redelivered or repeated event finds its row and is not handled again.
-- Rows can be purged once older than the topic's retention (no event that old can be delivered again).
CREATE TABLE received_event (
    event_id      uuid        PRIMARY KEY,
    order_id      uuid        NOT NULL,
    order_version bigint      NOT NULL,
    -- false: it arrived after a newer event of its order and was not sent
    notified      boolean     NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);

-- The newest version of each order that was notified: an older event that arrives later is never sent.
CREATE TABLE order_progress (
    order_id      uuid        PRIMARY KEY,
    last_version  bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- What was sent, one row per notification (its id is the event id).
CREATE TABLE notification (
    notification_id uuid        PRIMARY KEY REFERENCES received_event (event_id),
    order_id        uuid        NOT NULL,
    order_version   bigint      NOT NULL,
    customer_id     varchar(64) NOT NULL,
    title           text        NOT NULL,
    body            text        NOT NULL,
    sent_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_by_order ON notification (order_id, order_version);
