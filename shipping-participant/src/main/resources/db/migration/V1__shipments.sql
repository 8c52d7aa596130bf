-- One row per requestId (the saga step's idempotency key): the effect and the outcome a re-sent command is
-- answered from. The primary key makes a second shipment for the same requestId impossible, however it arrives.
CREATE TABLE shipment (
    request_id      uuid         PRIMARY KEY,
    order_id        varchar(255) NOT NULL,
    status          varchar(40)  NOT NULL
        CHECK (status IN ('SCHEDULED', 'CANCELLED', 'UNAVAILABLE', 'COMPENSATED_BEFORE_EXECUTION')),
    tracking_number varchar(32)  UNIQUE,
    reason          varchar(100),
    recipient       text,
    line1           text,
    city            text,
    postal_code     text,
    country         text,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    cancelled_at    timestamptz,
    CHECK ((status IN ('SCHEDULED', 'CANCELLED')) = (tracking_number IS NOT NULL))
);
CREATE INDEX shipment_order_id ON shipment (order_id);
-- at most one shipment in force per order
CREATE UNIQUE INDEX shipment_one_per_order ON shipment (order_id) WHERE status = 'SCHEDULED';
