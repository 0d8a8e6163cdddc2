// WebAuthn challenges, single-use and short-lived, each bound to what asked for it: a login
// interaction, an account page, an invitation. A newer challenge for the same binding replaces
// the older one; taking it deletes it, so an answer cannot be replayed, nor used in another login.
import type { Database } from '../../adapters/database.ts';

export const CHALLENGE_SECONDS = 300;

export type ChallengeBinding = `login:${string}` | `account:${string}` | `invitation:${string}`;

export class WebAuthnChallenges {
  constructor(private readonly db: Database) {}

  async put(binding: ChallengeBinding, challenge: string): Promise<void> {
    await this.db.query(
      `INSERT INTO webauthn_challenges (binding, challenge, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (binding) DO UPDATE SET challenge = EXCLUDED.challenge, expires_at = EXCLUDED.expires_at`,
      [binding, challenge, CHALLENGE_SECONDS],
    );
  }

  /** The binding's live challenge, removed as it is read; undefined when there is none. */
  async take(binding: ChallengeBinding): Promise<string | undefined> {
    const { rows } = await this.db.query<{ challenge: string }>(
      'DELETE FROM webauthn_challenges WHERE binding = $1 RETURNING challenge, expires_at > now() AS live',
      [binding],
    );
    const row = rows[0] as { challenge: string; live?: boolean } | undefined;
    return row?.live ? row.challenge : undefined;
  }
}
