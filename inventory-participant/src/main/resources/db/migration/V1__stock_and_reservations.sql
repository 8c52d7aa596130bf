CREATE TABLE stock (
    sku        varchar(255) PRIMARY KEY,
    available  integer      NOT NULL CHECK (available >= 0),
    reserved   integer      NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    updated_at timestamptz  NOT NULL DEFAULT now()
);

-- One row per requestId (the saga step's idempotency key): the effect and the outcome a re-sent command is
-- answered from. The primary key makes a second reservation for the same requestId impossible, however it arrives.
CREATE TABLE reservation (
    request_id  uuid         PRIMARY KEY,
    order_id    varchar(255) NOT NULL,
    status      varchar(40)  NOT NULL
        CHECK (status IN ('RESERVED', 'RELEASED', 'UNAVAILABLE', 'COMPENSATED_BEFORE_EXECUTION')),
    reason      varchar(100),
    skus        varchar(255)[] NOT NULL DEFAULT '{}',
    created_at  timestamptz  NOT NULL DEFAULT now(),
    released_at timestamptz
);
CREATE INDEX reservation_order_id ON reservation (order_id);
-- at most one reservation in force per order
CREATE UNIQUE INDEX reservation_one_per_order ON reservation (order_id) WHERE status = 'RESERVED';

CREATE TABLE reservation_line (
    request_id uuid         NOT NULL REFERENCES reservation (request_id),
    sku        varchar(255) NOT NULL,
    quantity   integer      NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (request_id, sku)
);
