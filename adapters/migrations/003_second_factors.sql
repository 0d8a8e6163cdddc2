-- Second factors: registered phone numbers, one-time codes (stored as keyed hashes only),
-- recovery codes, replay protection for authenticator apps, and the progress of a login whose
-- first factor is done.
CREATE TABLE phone_numbers (
  account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  e164       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, e164)
);

CREATE TABLE one_time_codes (
  uid         text        NOT NULL,
  account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  channel     text        NOT NULL CHECK (channel IN ('sms', 'email')),
  destination text        NOT NULL,
  code_hash   text        NOT NULL,
  attempts    integer     NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  PRIMARY KEY (uid)
);
CREATE INDEX one_time_codes_expires_at ON one_time_codes (expires_at);

CREATE TABLE recovery_codes (
  account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash  text        NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (account_id, code_hash)
);

ALTER TABLE credentials ADD COLUMN last_used_step bigint;

CREATE TABLE login_progress (
  uid        text        PRIMARY KEY,
  account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  method     text        NOT NULL,
  amr        jsonb       NOT NULL,
  acr        text        NOT NULL,
  -- An authenticator secret being enrolled, sealed; saved to credentials only once confirmed.
  pending_totp text,
  expires_at timestamptz NOT NULL
);
CREATE INDEX login_progress_expires_at ON login_progress (expires_at);
