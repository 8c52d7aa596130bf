-- One row per transition: a TRANSITION row also carries the reply that caused it, in the message columns (step,
-- message_id, message_type, causation_id, request_id, payload; it shares the row's time and reason), and the
-- commands it sent, here: a JSON array, each element what a COMMAND_SENT row holds (messageId, messageType, step,
-- requestId, causationId, payload, reason; its time is the row's). The timeline reads such a row as the reply
-- received, the transition and the commands sent, in that order. Rows written before hold one entry each and read
-- as they did; every other kind of entry still has a row of its own.
ALTER TABLE saga_history ADD COLUMN commands jsonb;
