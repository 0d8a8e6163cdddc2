// Invitations over SQL: the link's token is kept only as a keyed hash, the invited address is proven
// by a code from the one-time-code engine, and acceptance happens once.
//
//   pending ──code proven──▶ pending (email_proven_at) ──account made or linked──▶ accepted
//      ├──revoke──▶ revoked          └──resend: new token, new expiry, progress cleared
//      └──expires_at passed──▶ (expired: a state read, never stored)
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../adapters/database.ts';
import type { Locale } from '../config/schema.ts';
import { PortvaktError } from '../../kernel/errors.ts';
import { normaliseLoginName, type Identity } from './types.ts';

export type StoredInvitationState = 'pending' | 'accepted' | 'revoked';
export type InvitationState = StoredInvitationState | 'expired';

export interface Invitation {
  id: string;
  email: string;
  clientId: string | null;
  organisation: string | null;
  locale: Locale | null;
  state: InvitationState;
  invitedBy: string;
  accountId: string | null;
  emailProvenAt: Date | null;
  /** The sealed authenticator secret being enrolled, until the account is made. */
  pendingTotp: string | null;
  totpConfirmedStep: number | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewInvitation {
  email: string;
  clientId?: string | undefined;
  organisation?: string | undefined;
  locale?: Locale | undefined;
  invitedBy: string;
  lifetimeSeconds: number;
}

interface Row {
  id: string;
  email: string;
  client_id: string | null;
  organisation: string | null;
  locale: Locale | null;
  state: StoredInvitationState;
  invited_by: string;
  account_id: string | null;
  email_proven_at: Date | null;
  pending_totp: string | null;
  totp_confirmed_step: string | number | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

const SELECT = "SELECT *, (state = 'pending' AND expires_at <= now()) AS expired FROM invitations";

export class Invitations {
  constructor(
    private readonly db: Database,
    private readonly codeKey: string,
  ) {}

  /** Stores a new invitation; the token is returned once, for the e-mail, and never stored. */
  async create(input: NewInvitation): Promise<{ invitation: Invitation; token: string }> {
    const id = randomUUID();
    const token = newToken();
    await this.db.query(
      `INSERT INTO invitations (id, email, client_id, organisation, locale, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))`,
      [
        id,
        input.email.trim().toLowerCase(),
        input.clientId ?? null,
        input.organisation ?? null,
        input.locale ?? null,
        this.tokenHash(token),
        input.invitedBy,
        input.lifetimeSeconds,
      ],
    );
    return { invitation: (await this.findById(id))!, token };
  }

  async findById(id: string): Promise<Invitation | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.db.query<Row>(`${SELECT} WHERE id = $1`, [id]);
    return rows[0] ? toInvitation(rows[0]) : undefined;
  }

  async findByToken(token: string): Promise<Invitation | undefined> {
    if (!/^[\w-]{43}$/.test(token)) return undefined;
    const { rows } = await this.db.query<Row>(`${SELECT} WHERE token_hash = $1`, [this.tokenHash(token)]);
    return rows[0] ? toInvitation(rows[0]) : undefined;
  }

  /** The newest live invitation to an address, for a person who lost the link. */
  async findPendingByEmail(email: string): Promise<Invitation | undefined> {
    const { rows } = await this.db.query<Row>(
      `${SELECT} WHERE email = $1 AND state = 'pending' AND expires_at > now() ORDER BY created_at DESC LIMIT 1`,
      [email.trim().toLowerCase()],
    );
    return rows[0] ? toInvitation(rows[0]) : undefined;
  }

  async list(
    options: { state?: InvitationState | undefined; limit?: number; offset?: number } = {},
  ): Promise<Invitation[]> {
    const { rows } = await this.db.query<Row>(
      `${SELECT} WHERE ($3::text IS NULL
          OR ($3 = 'expired' AND state = 'pending' AND expires_at <= now())
          OR ($3 = 'pending' AND state = 'pending' AND expires_at > now())
          OR ($3 NOT IN ('pending', 'expired') AND state = $3))
       ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [options.limit ?? 100, options.offset ?? 0, options.state ?? null],
    );
    return rows.map(toInvitation);
  }

  /** A new token and expiry for an invitation not yet accepted or revoked; the old link and all progress die. */
  async renew(id: string, lifetimeSeconds: number): Promise<{ invitation: Invitation; token: string } | undefined> {
    if (!isUuid(id)) return undefined;
    const token = newToken();
    const { rowCount } = await this.db.query(
      `UPDATE invitations SET token_hash = $2, expires_at = now() + make_interval(secs => $3), email_proven_at = NULL, pending_totp = NULL, totp_confirmed_step = NULL
       WHERE id = $1 AND state = 'pending'`,
      [id, this.tokenHash(token), lifetimeSeconds],
    );
    return rowCount > 0 ? { invitation: (await this.findById(id))!, token } : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const { rowCount } = await this.db.query(
      "UPDATE invitations SET state = 'revoked', revoked_at = now() WHERE id = $1 AND state = 'pending'",
      [id],
    );
    return rowCount > 0;
  }

  /**
   * The invited address is proven (its code was accepted): the browser may bind. Only a pending,
   * live invitation to that same address takes the proof.
   */
  async proveEmail(id: string, email: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE invitations SET email_proven_at = now()
       WHERE id = $1 AND email = $2 AND state = 'pending' AND expires_at > now()`,
      [id, email],
    );
    return rowCount > 0;
  }

  async setPendingTotp(id: string, sealedSecret: string): Promise<void> {
    await this.db.query(
      "UPDATE invitations SET pending_totp = $2, totp_confirmed_step = NULL WHERE id = $1 AND state = 'pending'",
      [id, sealedSecret],
    );
  }

  async confirmTotp(id: string, step: number): Promise<void> {
    await this.db.query(
      "UPDATE invitations SET totp_confirmed_step = $2 WHERE id = $1 AND state = 'pending' AND pending_totp IS NOT NULL",
      [id, step],
    );
  }

  /** Marks the invitation used, inside the caller's transaction; false when it is no longer usable. */
  async accept(tx: Queryable, id: string, accountId: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE invitations SET state = 'accepted', accepted_at = now(), account_id = $2, pending_totp = NULL
       WHERE id = $1 AND state = 'pending' AND expires_at > now() AND email_proven_at IS NOT NULL`,
      [id, accountId],
    );
    return rowCount > 0;
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** What binds a browser to an invitation whose address it proved: changes when the proof does. */
  browserProof(invitation: Invitation): string | undefined {
    if (!invitation.emailProvenAt) return undefined;
    return createHmac('sha256', this.codeKey)
      .update(`invitation-browser|${invitation.id}|${invitation.emailProvenAt.toISOString()}`)
      .digest('base64url');
  }

  private tokenHash(token: string): string {
    return createHmac('sha256', this.codeKey).update(`invitation|${token}`).digest('base64url');
  }
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toInvitation(row: Row): Invitation {
  return {
    id: row.id,
    email: row.email,
    clientId: row.client_id,
    organisation: row.organisation,
    locale: row.locale,
    state: row.expired ? 'expired' : row.state,
    invitedBy: row.invited_by,
    accountId: row.account_id,
    emailProvenAt: row.email_proven_at ? new Date(row.email_proven_at) : null,
    pendingTotp: row.pending_totp,
    totpConfirmedStep: row.totp_confirmed_step === null ? null : Number(row.totp_confirmed_step),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

/** The account an accepted invitation makes: everything it needs to log in arrives in the same transaction. */
export interface InvitedAccount {
  /** The id to give the account, where something made before it already names it (a passkey's user handle). */
  id?: string | undefined;
  email: string;
  givenName?: string | undefined;
  familyName?: string | undefined;
  organisation?: string | undefined;
  identities: Identity[];
  passwordHash?: string | undefined;
  /** The authenticator secret, sealed as SecondFactors stores it, and the step its first code used. */
  totp?: { sealedSecret: string; step: number } | undefined;
}

export async function insertInvitedAccount(tx: Queryable, input: InvitedAccount): Promise<string> {
  const id = input.id ?? randomUUID();
  await tx.query(
    `INSERT INTO accounts (id, status, given_name, family_name, email, email_verified, organisation) VALUES ($1, 'active', $2, $3, $4, true, $5)`,
    [
      id,
      input.givenName ?? null,
      input.familyName ?? null,
      normaliseLoginName(input.email),
      input.organisation ?? null,
    ],
  );
  for (const identity of input.identities) {
    const value =
      identity.type === 'username' || identity.type === 'email'
        ? normaliseLoginName(identity.value)
        : identity.value.trim();
    try {
      await tx.query('INSERT INTO identities (account_id, type, issuer, value, verified) VALUES ($1, $2, $3, $4, $5)', [
        id,
        identity.type,
        identity.issuer,
        value,
        identity.verified,
      ]);
    } catch (cause) {
      if ((cause as { code?: string }).code === '23505')
        throw new PortvaktError('conflict', `That ${identity.type.replaceAll('_', ' ')} is already in use.`, {
          cause,
          detail: { identity: identity.type },
        });
      throw cause;
    }
  }
  if (input.passwordHash)
    await tx.query("INSERT INTO credentials (account_id, type, secret) VALUES ($1, 'password', $2)", [
      id,
      input.passwordHash,
    ]);
  if (input.totp)
    await tx.query("INSERT INTO credentials (account_id, type, secret, last_used_step) VALUES ($1, 'totp', $2, $3)", [
      id,
      input.totp.sealedSecret,
      input.totp.step,
    ]);
  return id;
}

/** Gives an existing account the invited address as a verified identity, unless another account holds it. */
export async function addInvitedEmail(tx: Queryable, accountId: string, email: string): Promise<boolean> {
  const value = normaliseLoginName(email);
  const { rowCount } = await tx.query(
    `INSERT INTO identities (account_id, type, issuer, value, verified) VALUES ($1, 'email', '', $2, true) ON CONFLICT DO NOTHING`,
    [accountId, value],
  );
  await tx.query(
    'UPDATE accounts SET email = COALESCE(email, $2), email_verified = (email_verified OR email IS NULL OR email = $2), updated_at = now() WHERE id = $1',
    [accountId, value],
  );
  return rowCount > 0;
}
