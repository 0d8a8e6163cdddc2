-- Every e-mailed or texted code lives here, told apart by what it proves: a login's second factor
-- or a password reset, a new address on the account page, an invited address. A decoy is marked, not
-- inferred from a missing account (an invitation has no account either). Codes in flight at the
-- upgrade were hashed the old way: they are void, and the person asks for a new one.
DELETE FROM one_time_codes;
ALTER TABLE one_time_codes ADD COLUMN purpose text NOT NULL DEFAULT 'login' CHECK (purpose IN ('login', 'reset', 'address', 'invitation'));
ALTER TABLE one_time_codes ADD COLUMN decoy boolean NOT NULL DEFAULT false;
ALTER TABLE one_time_codes ALTER COLUMN purpose DROP DEFAULT;
ALTER TABLE invitations DROP COLUMN code_hash;
ALTER TABLE invitations DROP COLUMN code_attempts;
ALTER TABLE invitations DROP COLUMN code_expires_at;
