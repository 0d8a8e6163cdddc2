-- Passkeys (WebAuthn credentials). The public key is no secret, but only this account may use it;
-- the counter catches a cloned authenticator; transports and the AAGUID let the browser and the
-- person tell passkeys apart. The credential id is unique across accounts, so a merge moves rows
-- without conflict.
CREATE TABLE passkeys (
  credential_id text        PRIMARY KEY,
  account_id    uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  public_key    bytea       NOT NULL,
  counter       bigint      NOT NULL DEFAULT 0,
  transports    jsonb       NOT NULL DEFAULT '[]',
  aaguid        text        NOT NULL,
  -- singleDevice (a security key, a platform authenticator that never exports it) or multiDevice (synced).
  device_type   text        NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up     boolean     NOT NULL DEFAULT false,
  name          text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- A WebAuthn challenge waits here for its one answer: keyed by what it is bound to (a login
-- interaction, an account page session, an invitation), replaced by a newer one, taken once.
CREATE TABLE webauthn_challenges (
  binding    text        PRIMARY KEY,
  challenge  text        NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX webauthn_challenges_expires_at ON webauthn_challenges (expires_at);

-- A login can now wait at the offer to create a passkey, and a passkey can be its second factor.
ALTER TABLE login_progress DROP CONSTRAINT login_progress_stage_check;
ALTER TABLE login_progress ADD CONSTRAINT login_progress_stage_check
  CHECK (stage IN ('second_factor', 'privacy_notice', 'password_reset', 'passkey_offer'));
ALTER TABLE login_progress DROP CONSTRAINT login_progress_second_factor_check;
ALTER TABLE login_progress ADD CONSTRAINT login_progress_second_factor_check
  CHECK (second_factor IN ('totp', 'sms', 'email', 'recovery_code', 'passkey'));

-- What an undo link acts on when the notice shows something else (a passkey's name, its id here).
ALTER TABLE account_changes ADD COLUMN ref text;
