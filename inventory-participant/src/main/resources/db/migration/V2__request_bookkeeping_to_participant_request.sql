-- The per-requestId bookkeeping moves to participant_request (migrated just before this, see service-support):
-- each reservation row becomes its requestId's recorded outcome, and reservation keeps only the reservations made.
INSERT INTO participant_request (request_id, order_id, state, outcome, created_at, executed_at, compensated_at)
SELECT request_id,
       order_id,
       CASE status
           WHEN 'RESERVED' THEN 'EXECUTED'
           WHEN 'UNAVAILABLE' THEN 'EXECUTED'
           WHEN 'RELEASED' THEN 'COMPENSATED'
           ELSE 'COMPENSATED_BEFORE_EXECUTION'
       END,
       CASE
           WHEN status IN ('RESERVED', 'RELEASED') THEN jsonb_build_object('type', 'RESERVED')
           WHEN status = 'UNAVAILABLE' THEN jsonb_build_object('type', 'UNAVAILABLE', 'reason', reason,
                   'skus', to_jsonb(skus))
       END,
       created_at,
       CASE WHEN status <> 'COMPENSATED_BEFORE_EXECUTION' THEN created_at END,
       CASE
           WHEN status = 'RELEASED' THEN coalesce(released_at, created_at)
           WHEN status = 'COMPENSATED_BEFORE_EXECUTION' THEN created_at
       END
FROM reservation;

-- refusals and markers have no lines
DELETE FROM reservation WHERE status NOT IN ('RESERVED', 'RELEASED');

-- a reservation is in force until released_at is set
DROP INDEX reservation_one_per_order;
ALTER TABLE reservation DROP COLUMN status, DROP COLUMN reason, DROP COLUMN skus;
CREATE UNIQUE INDEX reservation_one_per_order ON reservation (order_id) WHERE released_at IS NULL;
