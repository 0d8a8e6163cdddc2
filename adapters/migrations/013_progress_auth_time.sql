-- When the person first authenticated in a login that single sign-on resumed for a missing step:
-- finishing that step must not make the session look freshly authenticated to `max_age`.
ALTER TABLE login_progress ADD COLUMN auth_time bigint;
