-- A customer's credit: available = credit_limit - charged, in one currency.
CREATE TABLE account (
    customer_id  varchar(255)  PRIMARY KEY,
    credit_limit numeric(19,2) NOT NULL CHECK (credit_limit >= 0),
    charged      numeric(19,2) NOT NULL DEFAULT 0 CHECK (charged >= 0),
    currency     varchar(3)    NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now()
);

-- One row per requestId (the saga step's idempotency key): the effect and the outcome a re-sent command is
-- answered from. The primary key makes a second charge for the same requestId impossible, however it arrives.
CREATE TABLE payment (
    request_id  uuid          PRIMARY KEY,
    order_id    varchar(255)  NOT NULL,
    customer_id varchar(255)  NOT NULL,
    amount      numeric(19,2) NOT NULL,
    currency    varchar(3)    NOT NULL,
    status      varchar(40)   NOT NULL
        CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED', 'COMPENSATED_BEFORE_EXECUTION')),
    charge_id   uuid          UNIQUE,
    reason      varchar(100),
    created_at  timestamptz   NOT NULL DEFAULT now(),
    charged_at  timestamptz,
    refunded_at timestamptz,
    CHECK ((status IN ('CHARGED', 'REFUNDED')) = (charge_id IS NOT NULL))
);
CREATE INDEX payment_order_id ON payment (order_id);
-- at most one charge in force per order
CREATE UNIQUE INDEX payment_one_charge_per_order ON payment (order_id) WHERE status = 'CHARGED';
