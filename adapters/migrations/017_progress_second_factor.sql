-- The second factor a login in progress already proved in its own step, so that a later step (the
-- privacy notice) does not ask again where the amr alone cannot name it (a recovery code).
ALTER TABLE login_progress ADD COLUMN second_factor text
  CHECK (second_factor IN ('totp', 'sms', 'email', 'recovery_code'));
