-- The per-requestId bookkeeping moves to participant_request (migrated just before this, see service-support):
-- each shipment row becomes its requestId's recorded outcome, and shipment keeps only the shipments scheduled.
INSERT INTO participant_request (request_id, order_id, state, outcome, created_at, executed_at, compensated_at)
SELECT request_id,
       order_id,
       CASE status
           WHEN 'SCHEDULED' THEN 'EXECUTED'
           WHEN 'UNAVAILABLE' THEN 'EXECUTED'
           WHEN 'CANCELLED' THEN 'COMPENSATED'
           ELSE 'COMPENSATED_BEFORE_EXECUTION'
       END,
       CASE
           WHEN status IN ('SCHEDULED', 'CANCELLED')
               THEN jsonb_build_object('type', 'SCHEDULED', 'trackingNumber', tracking_number)
           WHEN status = 'UNAVAILABLE' THEN jsonb_build_object('type', 'UNAVAILABLE', 'reason', reason,
                   'address', jsonb_build_object('name', recipient, 'line1', line1, 'city', city,
                           'postalCode', postal_code, 'country', country))
       END,
       created_at,
       CASE WHEN status <> 'COMPENSATED_BEFORE_EXECUTION' THEN created_at END,
       CASE
           WHEN status = 'CANCELLED' THEN coalesce(cancelled_at, created_at)
           WHEN status = 'COMPENSATED_BEFORE_EXECUTION' THEN created_at
       END
FROM shipment;

DELETE FROM shipment WHERE status NOT IN ('SCHEDULED', 'CANCELLED');

-- a shipment is in force until cancelled_at is set
DROP INDEX shipment_one_per_order;
ALTER TABLE shipment DROP COLUMN status, DROP COLUMN reason;
ALTER TABLE shipment ALTER COLUMN tracking_number SET NOT NULL;
CREATE UNIQUE INDEX shipment_one_per_order ON shipment (order_id) WHERE cancelled_at IS NULL;
