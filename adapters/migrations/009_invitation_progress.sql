-- An invited person's progress between screens when the client's policy asks for an authenticator
-- app: the secret shown to them (sealed) until it is confirmed by a first code, and the time step
-- of that code, so the account gets the authenticator together with its password in one go.
ALTER TABLE invitations
  ADD COLUMN pending_totp      text,
  ADD COLUMN totp_confirmed_step bigint;
