-- Which step a login in progress waits at, as its own column: the method column names only the
-- method again (it used to carry 'notice:<method>' and 'password-reset' as markers).
ALTER TABLE login_progress ADD COLUMN stage text NOT NULL DEFAULT 'second_factor'
  CHECK (stage IN ('second_factor', 'privacy_notice', 'password_reset'));
UPDATE login_progress SET stage = 'privacy_notice', method = substr(method, 8) WHERE method LIKE 'notice:%';
UPDATE login_progress SET stage = 'password_reset', method = 'password' WHERE method = 'password-reset';
