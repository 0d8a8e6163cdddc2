// Named secrets the provider needs on every instance and across restarts (cookie signing keys),
// created once and stored encrypted.
import { randomBytes } from 'node:crypto';
import type { Database } from '../../adapters/database.ts';
import type { Sealer } from '../../kernel/sealing.ts';

export async function loadOrCreateSecret(db: Database, sealer: Sealer, name: string): Promise<string> {
  const candidate = sealer.seal(randomBytes(32).toString('base64url'));
  // Two instances starting together both insert; the first one wins and both read it back.
  await db.query('INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
  const { rows } = await db.query<{ value: string }>('SELECT value FROM secrets WHERE name = $1', [name]);
  return sealer.open(rows[0]!.value);
}
