-- A poll the service did not answer (maintenance, a timeout, a dropped connection) leaves the order
-- pending and is asked again; the first unanswered poll's time says when to give up.
ALTER TABLE eid_orders ADD COLUMN failing_since timestamptz;
