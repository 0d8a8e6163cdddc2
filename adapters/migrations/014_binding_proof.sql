-- The person proved one of the account's existing second factors in this login, for the sole
-- purpose of binding a new one that the client accepts (an authenticator where SMS does not count).
ALTER TABLE login_progress ADD COLUMN binding_proven boolean NOT NULL DEFAULT false;
