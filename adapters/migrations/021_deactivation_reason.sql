-- Why an account was switched off, so the person is told the truth: unused for too long, or by an
-- operator. Accounts deactivated before this keep NULL and hear the plain "switched off" text.
ALTER TABLE accounts ADD COLUMN deactivated_reason text CHECK (deactivated_reason IN ('inactivity', 'operator'));
