-- Orders placed through the order API. Each has exactly one saga (saga_id); its status is settled by the
-- order saga in the transaction of the saga transition that decides it.
CREATE TABLE orders (
    id               uuid          PRIMARY KEY,
    saga_id          uuid          NOT NULL UNIQUE,
    customer_id      varchar(64)   NOT NULL,
    status           varchar(16)   NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELLED')),
    reason           varchar(32),
    total            numeric(20, 2) NOT NULL CHECK (total > 0),
    currency         char(3)       NOT NULL,
    items            jsonb         NOT NULL,
    shipping_address jsonb         NOT NULL,
    tracking_number  varchar(255),
    -- the Idempotency-Key of the request that created the order, and the SHA-256 of that request's
    -- canonical form, so a repeat with another body is told apart from a true repeat
    idempotency_key  varchar(255)  UNIQUE,
    request_hash     char(64),
    -- grows with every change; the order's ETag
    version          bigint        NOT NULL DEFAULT 1,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT orders_key_has_hash CHECK ((idempotency_key IS NULL) = (request_hash IS NULL)),
    CONSTRAINT orders_outcome CHECK (
        (status = 'PENDING' AND reason IS NULL AND tracking_number IS NULL)
        OR (status = 'COMPLETED' AND reason IS NULL AND tracking_number IS NOT NULL)
        OR (status = 'CANCELLED' AND reason IS NOT NULL AND tracking_number IS NULL))
);

CREATE INDEX orders_customer ON orders (customer_id, created_at);
