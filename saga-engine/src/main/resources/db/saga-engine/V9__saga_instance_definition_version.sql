-- The version of its definition each saga runs on: the one it started on, or the one an operator migrated it to.
-- Sagas started before versions were recorded ran on their definition's only version, 1. With a constant default,
-- PostgreSQL adds the column without rewriting the table. Written when a saga starts and when it is migrated, never
-- by a transition, so a saga's transitions write no more than before. No index: every index on saga_instance takes
-- a new entry at each state change; the deadline poller and the held replies filter on it after their own indexes.
ALTER TABLE saga_instance ADD COLUMN definition_version integer NOT NULL DEFAULT 1;
