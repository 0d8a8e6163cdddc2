-- News and reminders an integrator's service sends to an account, waiting for the person's weekly
-- summary. Only what waits is kept: a notification sent straight away or dropped lives on in the
-- audit log (its kind and id, never its text). The subject and text are stored in the language
-- the account had when it arrived. A summary claims an account's waiting rows in one transaction
-- (delivered_at, summary_id), so two instances never send them twice; claimed rows are pruned.
CREATE TABLE notifications (
  id           uuid        PRIMARY KEY,
  account_id   uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind         text        NOT NULL CHECK (kind IN ('news', 'reminder')),
  subject      text        NOT NULL,
  body         text        NOT NULL,
  created_at   timestamptz NOT NULL,
  delivered_at timestamptz,
  summary_id   uuid
);
CREATE INDEX notifications_waiting ON notifications (account_id, created_at) WHERE delivered_at IS NULL;
CREATE INDEX notifications_delivered ON notifications (delivered_at) WHERE delivered_at IS NOT NULL;
