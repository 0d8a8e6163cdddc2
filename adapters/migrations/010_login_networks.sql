-- The named network each session's latest login came from, for the login_network claim. Kept as
-- long as tokens of that login can be refreshed; NULL when it came from no named network.
CREATE TABLE login_networks (
  session_uid text        PRIMARY KEY,
  network     text,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX login_networks_expires_at ON login_networks (expires_at);
