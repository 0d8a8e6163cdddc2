-- An outside identity order (BankID order, Freja transaction) in progress for one login
-- interaction. Kept here, not in memory, so any instance can serve the next poll.
CREATE TABLE eid_orders (
  uid             text        NOT NULL,
  method          text        NOT NULL,
  ref             text        NOT NULL,
  flow            text        NOT NULL CHECK (flow IN ('qr', 'sameDevice')),
  -- Sealed with the secret key: the QR secret must never leave the server.
  secret          text,
  launch_token    text,
  return_nonce    text        NOT NULL,
  started_at      timestamptz NOT NULL,
  last_polled_at  timestamptz,
  state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed', 'complete', 'cancelled')),
  message         text,
  seen_on_device  boolean     NOT NULL DEFAULT false,
  -- What the service returned on completion, sealed; read once to finish the login.
  result          text,
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (uid, method)
);
CREATE INDEX eid_orders_expires_at ON eid_orders (expires_at);
