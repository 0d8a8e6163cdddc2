-- Staff login through upstream identity providers (SAML IdPs and OIDC issuers).

-- One round trip to an upstream provider per interaction and method. `sent`: the request is out
-- (SAML request id, OIDC nonce and PKCE verifier, sealed in `secrets`); `answered`: the ACS has
-- verified the answer and it waits, sealed in `result`, for the browser's next request; `linking`:
-- a verified person waits to prove an existing account before it is linked.
CREATE TABLE upstream_round_trips (
  uid         text        NOT NULL,
  method      text        NOT NULL,
  stage       text        NOT NULL CHECK (stage IN ('sent', 'answered', 'linking')),
  -- The SAML RelayState: random, so an answer names its round trip without naming the interaction.
  relay_state text        UNIQUE,
  secrets     text,
  result      text,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (uid, method)
);
CREATE INDEX upstream_round_trips_expires_at ON upstream_round_trips (expires_at);

-- Every verified SAML assertion id, per IdP, until the assertion would have expired anyway: an
-- assertion is accepted once.
CREATE TABLE upstream_assertions (
  issuer       text        NOT NULL,
  assertion_id text        NOT NULL,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (issuer, assertion_id)
);
CREATE INDEX upstream_assertions_expires_at ON upstream_assertions (expires_at);

-- The upstream SAML session behind a Portvakt session, for single logout in both directions.
-- `session_uid` is oidc-provider's session uid, known once the login has resumed.
CREATE TABLE upstream_sessions (
  id              text        PRIMARY KEY,
  method          text        NOT NULL,
  issuer          text        NOT NULL,
  name_id         text        NOT NULL,
  name_id_format  text,
  session_index   text,
  account_id      uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  interaction_uid text        NOT NULL,
  session_uid     text,
  expires_at      timestamptz NOT NULL
);
CREATE INDEX upstream_sessions_subject ON upstream_sessions (issuer, name_id);
CREATE INDEX upstream_sessions_session_uid ON upstream_sessions (session_uid) WHERE session_uid IS NOT NULL;
CREATE INDEX upstream_sessions_interaction_uid ON upstream_sessions (interaction_uid);
CREATE INDEX upstream_sessions_expires_at ON upstream_sessions (expires_at);

-- A logout request sent to an upstream IdP, waiting for its answer: where the person continues.
CREATE TABLE upstream_logouts (
  relay_state text        PRIMARY KEY,
  method      text        NOT NULL,
  request_id  text        NOT NULL,
  return_to   text        NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX upstream_logouts_expires_at ON upstream_logouts (expires_at);
