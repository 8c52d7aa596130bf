-- A service's own table: one row per effect its rule applied, marked when its undo ran.
CREATE TABLE effect (
    request_id uuid    NOT NULL,
    undone     boolean NOT NULL DEFAULT false
);
