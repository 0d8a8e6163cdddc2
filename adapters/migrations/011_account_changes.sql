-- When the account's sessions were last ended everywhere (a password reset, an undone change):
-- a session that began before it is over, including the account page's own sealed one.
ALTER TABLE accounts ADD COLUMN sessions_valid_after timestamptz;

-- Every change to how one gets into an account (an address, a number, an authenticator, the
-- password, a merge), told to all of the person's addresses with a link that undoes it. Only a
-- keyed hash of the link's token is kept; the link works once, for two weeks.
CREATE TABLE account_changes (
  id          uuid        PRIMARY KEY,
  account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind        text        NOT NULL,
  value       text,
  undo_hash   text        NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  undone_at   timestamptz
);
CREATE INDEX account_changes_account ON account_changes (account_id);
