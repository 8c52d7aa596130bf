-- Pause: support staff (or a step whose retries ran out) stop one saga without changing its status or state. While
-- paused_at is set no command is sent and no deadline fires (deadline_at is NULL), and replies are kept in
-- saga_held_reply until it is unpaused. paused_deadline_at is the deadline it had when it was paused: unpausing gives
-- it back the time that was left then (NULL: nothing was left to wait for, its retries ran out; unpausing sends the
-- command again). Both stay NULL for a saga never paused: the transition's UPDATE does not name them, so a saga's
-- ordinary writes cost nothing more; only a pause and an unpause write them.
-- A build older than this one neither reads nor writes them: see "Pausing a saga" in docs/OPERATIONS.md for what it
-- does to a paused saga during a rolling upgrade.
ALTER TABLE saga_instance ADD COLUMN paused_at timestamptz;
ALTER TABLE saga_instance ADD COLUMN paused_deadline_at timestamptz;
