-- "Forgot password" for an address without an account stores a decoy code (no account, a hash no
-- code matches), so a wrong code is checked, counted and answered exactly as for a real one.
ALTER TABLE one_time_codes ALTER COLUMN account_id DROP NOT NULL;
