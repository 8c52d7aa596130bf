-- The W3C trace context of each saga's start: the parent of the spans of transitions that no message brings (a
-- deadline that fired, an operator's action), so that they join the trace of the order. Written when a saga starts,
-- never by a transition; null for sagas started before, or without tracing. Nullable without a default: PostgreSQL
-- adds the column without rewriting the table.
ALTER TABLE saga_instance ADD COLUMN traceparent varchar(64);
