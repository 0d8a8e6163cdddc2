// Server-side sessions in memory, keyed by a random HttpOnly SameSite=Lax cookie. A real portal
// keeps them in a shared store with an expiry; the shape stays the same.
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

export interface LoginTransaction {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  /** The person asked to register (`prompt=create`) rather than log in. */
  create: boolean;
}

export interface SignedInUser {
  sub: string;
  /** Portvakt's session id, when the ID token carries one (back-channel logout names it). */
  sid: string | undefined;
  idToken: string;
  claims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

export interface Session {
  id: string;
  csrf: string;
  lastSeen: number;
  transaction?: LoginTransaction;
  user?: SignedInUser;
  /** A message for the next page, such as why the person was logged out. */
  notice?: string;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  constructor(
    private readonly cookieName: string,
    private readonly now: () => number,
  ) {}

  /** The request's session, created (with a fresh cookie) when there is none. */
  get(ctx: Context): Session {
    const id = ctx.cookies.get(this.cookieName);
    const existing = id ? this.sessions.get(id) : undefined;
    return existing ?? this.create(ctx);
  }

  /** The request's session if it has one; creates nothing. */
  find(ctx: Context): Session | undefined {
    const id = ctx.cookies.get(this.cookieName);
    return id ? this.sessions.get(id) : undefined;
  }

  /** A new session id after login or logout, so a planted cookie never becomes a signed-in one. */
  create(ctx: Context, previous?: Session): Session {
    if (previous) this.sessions.delete(previous.id);
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      lastSeen: this.now(),
    };
    this.sessions.set(session.id, session);
    ctx.cookies.set(this.cookieName, session.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.protocol === 'https',
      path: '/',
      overwrite: true,
    });
    return session;
  }

  /** Ends every signed-in session `match` picks; returns how many ended. */
  deleteWhere(match: (user: SignedInUser) => boolean): number {
    let deleted = 0;
    for (const [id, session] of this.sessions) {
      if (session.user && match(session.user)) {
        this.sessions.delete(id);
        deleted += 1;
      }
    }
    return deleted;
  }
}
