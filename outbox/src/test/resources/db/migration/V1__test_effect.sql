CREATE TABLE test_effect (
    id         bigserial PRIMARY KEY,
    message_id uuid        NOT NULL,
    saga_id    varchar(255),
    at         timestamptz NOT NULL DEFAULT now()
);
