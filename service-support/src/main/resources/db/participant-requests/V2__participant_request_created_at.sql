-- The retention purge finds the old rows without reading the rest: rows are taken by when they were created (a
-- column never updated, so updates of a row stay HOT), and the purge checks their last change itself.
CREATE INDEX participant_request_created_at ON participant_request (created_at);
