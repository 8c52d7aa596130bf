-- The per-requestId bookkeeping moves to participant_request (migrated just before this, see service-support):
-- each payment row becomes its requestId's recorded outcome, and payment keeps only the charges.
INSERT INTO participant_request (request_id, order_id, state, outcome, created_at, executed_at, compensated_at)
SELECT request_id,
       order_id,
       CASE status
           WHEN 'CHARGED' THEN 'EXECUTED'
           WHEN 'DECLINED' THEN 'EXECUTED'
           WHEN 'REFUNDED' THEN 'COMPENSATED'
           ELSE 'COMPENSATED_BEFORE_EXECUTION'
       END,
       CASE
           WHEN status IN ('CHARGED', 'REFUNDED') THEN jsonb_build_object('type', 'CHARGED', 'chargeId', charge_id)
           WHEN status = 'DECLINED' THEN jsonb_build_object('type', 'DECLINED', 'reason', reason,
                   'customerId', customer_id, 'amount', amount, 'currency', currency)
       END,
       created_at,
       CASE WHEN status <> 'COMPENSATED_BEFORE_EXECUTION' THEN coalesce(charged_at, created_at) END,
       CASE
           WHEN status = 'REFUNDED' THEN coalesce(refunded_at, created_at)
           WHEN status = 'COMPENSATED_BEFORE_EXECUTION' THEN created_at
       END
FROM payment;

DELETE FROM payment WHERE status NOT IN ('CHARGED', 'REFUNDED');

-- a charge is in force until refunded_at is set
DROP INDEX payment_one_charge_per_order;
ALTER TABLE payment DROP COLUMN status, DROP COLUMN reason;
ALTER TABLE payment ALTER COLUMN charge_id SET NOT NULL, ALTER COLUMN charged_at SET NOT NULL;
CREATE UNIQUE INDEX payment_one_charge_per_order ON payment (order_id) WHERE refunded_at IS NULL;
