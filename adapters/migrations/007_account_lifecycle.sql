-- Account lifecycle: self-registration with activation by e-mail, invitations, deactivation after
-- inactivity, notification preferences, and accounts merged by a proven national identity number.
--
-- Status: 'inactive' waits for activation (registration), 'deactivated' was switched off (by the
-- inactivity job or an operator), 'active' may log in.
ALTER TABLE accounts
  ADD COLUMN time_zone               text,
  ADD COLUMN organisation            text,
  ADD COLUMN title                   text,
  ADD COLUMN notification_preference text NOT NULL DEFAULT 'immediately' CHECK (notification_preference IN ('immediately', 'weekly', 'off')),
  ADD COLUMN deactivation_warned_at  timestamptz,
  ADD COLUMN deactivated_at          timestamptz;
CREATE INDEX accounts_last_activity ON accounts (status, (coalesce(last_login_at, created_at)));

-- A national identity number a person typed (unverified) may sit on several accounts until an
-- eID proves it; a verified number, and every login name, belongs to one account only.
ALTER TABLE identities DROP CONSTRAINT identities_pkey;
CREATE UNIQUE INDEX identities_claimed_once ON identities (type, issuer, value)
  WHERE verified OR type NOT IN ('se_personal_number', 'no_national_id');
CREATE UNIQUE INDEX identities_per_account ON identities (account_id, type, issuer, value);
CREATE INDEX identities_lookup ON identities (type, issuer, value);

-- When two accounts become one, the retired id keeps pointing at the survivor so relying parties
-- can learn which `sub` replaced theirs.
CREATE TABLE retired_subjects (
  retired_id  uuid        PRIMARY KEY,
  survivor_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  reason      text        NOT NULL,
  merged_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX retired_subjects_survivor ON retired_subjects (survivor_id);

-- Activation links from the registration e-mail: only a hash of the token is kept; single use.
CREATE TABLE activation_tokens (
  token_hash      text        PRIMARY KEY,
  account_id      uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  interaction_uid text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz
);
CREATE INDEX activation_tokens_account ON activation_tokens (account_id);

-- Invitations by an operator or an integrator. The link's token and the e-mailed code are kept
-- as hashes only; the code has its own lifetime and attempt count.
CREATE TABLE invitations (
  id              uuid        PRIMARY KEY,
  email           text        NOT NULL,
  client_id       text,
  organisation    text,
  locale          text,
  token_hash      text        NOT NULL UNIQUE,
  state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'revoked')),
  invited_by      text        NOT NULL,
  account_id      uuid        REFERENCES accounts (id) ON DELETE SET NULL,
  code_hash       text,
  code_attempts   integer     NOT NULL DEFAULT 0,
  code_expires_at timestamptz,
  email_proven_at timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  accepted_at     timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX invitations_email ON invitations (email);
