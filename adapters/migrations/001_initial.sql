-- Protocol state kept for oidc-provider: one row per model instance. The fields the provider looks
-- rows up by are real, indexed columns; the rest of the payload stays JSON.
CREATE TABLE oidc_payloads (
  kind        text        NOT NULL,
  id          text        NOT NULL,
  payload     jsonb       NOT NULL,
  grant_id    text,
  uid         text,
  user_code   text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (kind, id)
);
CREATE INDEX oidc_payloads_grant_id ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payloads_uid ON oidc_payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payloads_user_code ON oidc_payloads (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_payloads_expires_at ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE accounts (
  id             uuid        PRIMARY KEY,
  status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'deactivated')),
  given_name     text,
  family_name    text,
  email          text,
  email_verified boolean     NOT NULL DEFAULT false,
  locale         text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);

-- Typed identities: how an account is found. Local ones have an empty issuer; an upstream
-- subject is keyed by its issuer so one identity provider cannot claim another's users.
CREATE TABLE identities (
  account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type       text        NOT NULL CHECK (type IN ('username', 'email', 'se_personal_number', 'no_national_id', 'employee_code', 'upstream_subject')),
  issuer     text        NOT NULL DEFAULT '',
  value      text        NOT NULL,
  verified   boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (type, issuer, value)
);
CREATE INDEX identities_account ON identities (account_id);

CREATE TABLE credentials (
  account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type       text        NOT NULL CHECK (type IN ('password', 'totp')),
  secret     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, type)
);

-- Signing keys, encrypted with the configured secret key. `state` moves next -> active -> retired.
CREATE TABLE signing_keys (
  kid          text        PRIMARY KEY,
  alg          text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('next', 'active', 'retired')),
  private_jwk  text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  retired_at   timestamptz,
  expires_at   timestamptz
);

-- Other encrypted secrets the provider needs across restarts and instances (cookie keys).
CREATE TABLE secrets (
  name       text        PRIMARY KEY,
  value      text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Counters shared by every instance: rate limits per address and failures per account.
CREATE TABLE throttle_counters (
  key          text        PRIMARY KEY,
  count        integer     NOT NULL,
  window_ends  timestamptz NOT NULL,
  locked_until timestamptz
);

CREATE TABLE audit_events (
  id         bigserial   PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  type       text        NOT NULL,
  outcome    text        NOT NULL CHECK (outcome IN ('success', 'failure', 'info')),
  account_id uuid,
  client_id  text,
  ip         text,
  detail     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_account ON audit_events (account_id, at);
CREATE INDEX audit_events_type ON audit_events (type, at);
