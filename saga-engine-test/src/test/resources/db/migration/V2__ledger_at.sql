ALTER TABLE ledger ADD COLUMN at timestamptz NOT NULL DEFAULT now();
