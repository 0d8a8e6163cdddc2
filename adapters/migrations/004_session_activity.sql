-- When each client last received a login from each session, for per-client idle timeouts.
CREATE TABLE session_activity (
  session_uid text        NOT NULL,
  client_id   text        NOT NULL,
  last_seen   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_uid, client_id)
);
CREATE INDEX session_activity_last_seen ON session_activity (last_seen);
