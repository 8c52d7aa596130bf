-- The retention purge of replies that named no saga (kind REPLY_UNMATCHED, kept under the id they named): finds the
-- old ones without reading the rest of the history. Partial, so the rows of every other kind cost it nothing.
CREATE INDEX saga_history_unmatched_at ON saga_history (at) WHERE kind = 'REPLY_UNMATCHED';
