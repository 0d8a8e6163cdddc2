// Acceptances of privacy notices: a person accepts the current version of a client's notice before
// their first login to it completes, and again whenever the version changes.
import type { Database } from '../../adapters/database.ts';

export interface Acceptance {
  accountId: string;
  notice: string;
  version: string;
  clientId: string | null;
  acceptedAt: Date;
}

export class PrivacyAcceptances {
  constructor(private readonly db: Database) {}

  async hasAccepted(accountId: string, notice: string, version: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'SELECT 1 FROM privacy_acceptances WHERE account_id = $1 AND notice = $2 AND version = $3',
      [accountId, notice, version],
    );
    return rows.length > 0;
  }

  async accept(accountId: string, notice: string, version: string, clientId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO privacy_acceptances (account_id, notice, version, client_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [accountId, notice, version, clientId],
    );
  }

  /** Every acceptance, oldest first, for export. */
  async list(notice?: string): Promise<Acceptance[]> {
    const { rows } = await this.db.query<{
      account_id: string;
      notice: string;
      version: string;
      client_id: string | null;
      accepted_at: Date;
    }>(
      `SELECT account_id, notice, version, client_id, accepted_at FROM privacy_acceptances ${notice ? 'WHERE notice = $1' : ''} ORDER BY accepted_at, account_id`,
      notice ? [notice] : [],
    );
    return rows.map((row) => ({
      accountId: row.account_id,
      notice: row.notice,
      version: row.version,
      clientId: row.client_id,
      acceptedAt: new Date(row.accepted_at),
    }));
  }
}
