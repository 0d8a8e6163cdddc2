// Ends every session of an account at once: the provider's sessions, grants and tokens go, logins
// in progress for it in other browsers stop, and a timestamp tells the self-contained sessions
// (the account page's sealed cookie) that began before it that they are over.
import type { Database } from './database.ts';

export interface EndedSessions {
  /** Provider sessions, grants and tokens removed. */
  revoked: number;
}

/** `keepInteraction` is the login doing the change: it goes on and makes the one new session. */
export async function endAccountSessions(
  db: Database,
  accountId: string,
  options: { keepInteraction?: string } = {},
): Promise<EndedSessions> {
  return db.transaction(async (tx) => {
    await tx.query('UPDATE accounts SET sessions_valid_after = now() WHERE id = $1', [accountId]);
    const revoked = await tx.query(
      "DELETE FROM oidc_payloads WHERE kind <> 'Interaction' AND payload->>'accountId' = $1",
      [accountId],
    );
    await tx.query('DELETE FROM login_progress WHERE account_id = $1 AND uid IS DISTINCT FROM $2::text', [
      accountId,
      options.keepInteraction ?? null,
    ]);
    return { revoked: revoked.rowCount };
  });
}
