// Two accounts of one person become one: the survivor keeps its id (the `sub` relying parties
// know), takes over everything that hangs on the retired account, and remembers the retired id in
// retired_subjects so a relying party can learn which `sub` replaced its own. One transaction.
// The caller audits (account.merged): it knows who asked and why.
import type { Database, Queryable } from '../../adapters/database.ts';
import { PortvaktError } from '../../kernel/errors.ts';

export interface MergeInput {
  survivorId: string;
  retiredId: string;
  /** Why, in a few words ("eid:bankid", "admin:<operator>"); kept with the retired id. */
  reason: string;
}

/** Moved by hand (identities), or left to the cascade because they belong to a login in progress. */
const NOT_MOVED = new Set(['identities', 'one_time_codes', 'login_progress', 'activation_tokens', 'recovery_codes']);

export async function mergeAccounts(
  db: Database,
  input: MergeInput,
): Promise<{ survivorId: string; retiredId: string }> {
  const { survivorId, retiredId } = input;
  if (survivorId === retiredId) throw new PortvaktError('conflict', 'An account cannot be merged with itself.');
  if (!isUuid(survivorId) || !isUuid(retiredId)) throw new PortvaktError('not_found', 'No such account.');
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'SELECT id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
      [[survivorId, retiredId]],
    );
    for (const id of [survivorId, retiredId]) {
      if (!rows.some((row) => row.id === id)) throw new PortvaktError('not_found', `No account ${id}.`);
    }
    await moveIdentities(tx, survivorId, retiredId);
    await mergeProfile(tx, survivorId, retiredId);
    await moveRecoveryCodes(tx, survivorId, retiredId);
    for (const reference of await accountReferences(tx)) {
      if (!NOT_MOVED.has(reference.table)) await moveRows(tx, reference, survivorId, retiredId);
    }
    // History follows the person; the account.merged event keeps both ids.
    await tx.query('UPDATE audit_events SET account_id = $1 WHERE account_id = $2', [survivorId, retiredId]);
    await tx.query('INSERT INTO retired_subjects (retired_id, survivor_id, reason) VALUES ($1, $2, $3)', [
      retiredId,
      survivorId,
      input.reason.slice(0, 200),
    ]);
    await retireProtocolState(tx, survivorId, retiredId);
    await tx.query('DELETE FROM accounts WHERE id = $1', [retiredId]);
  });
  return { survivorId, retiredId };
}

/**
 * Identities the survivor already holds stay once; a number typed on one account and verified on
 * the other ends verified. The duplicate goes first, so a verified value is never held twice.
 */
async function moveIdentities(tx: Queryable, survivorId: string, retiredId: string): Promise<void> {
  const { rows } = await tx.query<{ type: string; issuer: string; value: string; verified: boolean }>(
    `DELETE FROM identities r USING identities s
     WHERE r.account_id = $2 AND s.account_id = $1 AND s.type = r.type AND s.issuer = r.issuer AND s.value = r.value
     RETURNING r.type, r.issuer, r.value, r.verified`,
    [survivorId, retiredId],
  );
  for (const proven of rows.filter((row) => row.verified)) {
    await tx.query(
      'UPDATE identities SET verified = true WHERE account_id = $1 AND type = $2 AND issuer = $3 AND value = $4',
      [survivorId, proven.type, proven.issuer, proven.value],
    );
  }
  await tx.query('UPDATE identities SET account_id = $1 WHERE account_id = $2', [survivorId, retiredId]);
}

/** Profile fields the survivor lacks; the account stays usable when either one was. */
async function mergeProfile(tx: Queryable, survivorId: string, retiredId: string): Promise<void> {
  await tx.query(
    `UPDATE accounts s SET
       given_name = coalesce(s.given_name, r.given_name),
       family_name = coalesce(s.family_name, r.family_name),
       email_verified = CASE WHEN s.email IS NULL THEN r.email_verified ELSE s.email_verified END,
       email = coalesce(s.email, r.email),
       locale = coalesce(s.locale, r.locale),
       time_zone = coalesce(s.time_zone, r.time_zone),
       organisation = coalesce(s.organisation, r.organisation),
       title = coalesce(s.title, r.title),
       created_at = least(s.created_at, r.created_at),
       last_login_at = greatest(s.last_login_at, r.last_login_at),
       status = CASE WHEN r.status = 'active' THEN 'active' ELSE s.status END,
       deactivation_warned_at = CASE WHEN r.status = 'active' OR s.status = 'active' THEN NULL ELSE s.deactivation_warned_at END,
       deactivated_at = CASE WHEN r.status = 'active' OR s.status = 'active' THEN NULL ELSE s.deactivated_at END,
       updated_at = now()
     FROM accounts r WHERE s.id = $1 AND r.id = $2`,
    [survivorId, retiredId],
  );
}

/** Recovery codes belong to one authenticator; they move only to a survivor that has none. */
async function moveRecoveryCodes(tx: Queryable, survivorId: string, retiredId: string): Promise<void> {
  await tx.query(
    'UPDATE recovery_codes SET account_id = $1 WHERE account_id = $2 AND NOT EXISTS (SELECT 1 FROM recovery_codes WHERE account_id = $1)',
    [survivorId, retiredId],
  );
}

interface Reference {
  table: string;
  column: string;
}

/** Every column that references accounts, so a table added later is never left behind. */
async function accountReferences(tx: Queryable): Promise<Reference[]> {
  const { rows } = await tx.query<Reference>(
    `SELECT c.conrelid::regclass::text AS "table", quote_ident(a.attname) AS "column"
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = 'accounts'::regclass ORDER BY 1, 2`,
  );
  return rows;
}

/**
 * Re-points rows to the survivor. A row the survivor already has an equal of (a password, a phone
 * number, an accepted notice) breaks a unique key: it stays and goes with the retired account.
 */
async function moveRows(
  tx: Queryable,
  { table, column }: Reference,
  survivorId: string,
  retiredId: string,
): Promise<void> {
  if (await tryInSavepoint(tx, `UPDATE ${table} SET ${column} = $1 WHERE ${column} = $2`, [survivorId, retiredId]))
    return;
  const { rows } = await tx.query<{ row: string }>(`SELECT ctid::text AS row FROM ${table} WHERE ${column} = $1`, [
    retiredId,
  ]);
  for (const { row } of rows)
    await tryInSavepoint(tx, `UPDATE ${table} SET ${column} = $1 WHERE ctid = $2::tid`, [survivorId, row]);
}

async function tryInSavepoint(tx: Queryable, sql: string, params: unknown[]): Promise<boolean> {
  await tx.query('SAVEPOINT merge_row');
  try {
    await tx.query(sql, params);
    await tx.query('RELEASE SAVEPOINT merge_row');
    return true;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT merge_row');
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
}

/**
 * Grants and tokens of the retired account are revoked. Its browser sessions belong to the
 * survivor from now on (the person proved both), without the per-client grants that went, and so
 * do the logins in progress in them (oidc-provider refuses to finish one whose session changed
 * principal): the login that caused the merge continues as the survivor, without a logout prompt.
 */
async function retireProtocolState(tx: Queryable, survivorId: string, retiredId: string): Promise<void> {
  await tx.query(
    "DELETE FROM oidc_payloads WHERE kind NOT IN ('Session', 'Interaction') AND payload->>'accountId' = $1",
    [retiredId],
  );
  await tx.query(
    `UPDATE oidc_payloads SET payload = jsonb_set(payload - 'authorizations', '{accountId}', to_jsonb($1::text))
     WHERE kind = 'Session' AND payload->>'accountId' = $2`,
    [survivorId, retiredId],
  );
  await tx.query(
    `UPDATE oidc_payloads SET payload = jsonb_set(payload, '{session,accountId}', to_jsonb($1::text))
     WHERE kind = 'Interaction' AND payload->'session'->>'accountId' = $2`,
    [survivorId, retiredId],
  );
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
