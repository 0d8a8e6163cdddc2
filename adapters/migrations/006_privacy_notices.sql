-- Who accepted which version of which privacy notice, and when: kept for as long as the account.
CREATE TABLE privacy_acceptances (
  account_id  uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  notice      text        NOT NULL,
  version     text        NOT NULL,
  client_id   text,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, notice, version)
);
