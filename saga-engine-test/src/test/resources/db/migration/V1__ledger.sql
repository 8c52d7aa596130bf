-- An application's own first migrations, numbered as the engine's are: they must not collide.
CREATE TABLE ledger (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note text   NOT NULL
);
