// Per-client idle timeouts: a session that has not brought the person to a client within the
// client's policy's idle time must log in again for that client (with prompt=none, the relying
// party gets login_required). oidc-provider's login prompt gets one more check for it.
import type { KoaContextWithOIDC, interactionPolicy as Policy } from 'oidc-provider';
import { interactionPolicy } from 'oidc-provider';
import type { Database } from '../../adapters/database.ts';
import type { Config } from '../config/schema.ts';
import { policyOf } from './assurance-gate.ts';

export class SessionActivity {
  constructor(private readonly db: Database) {}

  async touch(sessionUid: string, clientId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO session_activity (session_uid, client_id) VALUES ($1, $2)
       ON CONFLICT (session_uid, client_id) DO UPDATE SET last_seen = now()`,
      [sessionUid, clientId],
    );
  }

  /** Seconds since the session last logged the person in to the client; undefined if never. */
  async idleSeconds(sessionUid: string, clientId: string): Promise<number | undefined> {
    const { rows } = await this.db.query<{ idle: number }>(
      'SELECT EXTRACT(EPOCH FROM (now() - last_seen))::int AS idle FROM session_activity WHERE session_uid = $1 AND client_id = $2',
      [sessionUid, clientId],
    );
    return rows[0]?.idle;
  }
}

export function loginPolicyWithIdleTimeout(
  config: Config,
  activity: SessionActivity,
  extraLoginChecks: readonly Policy.Check[] = [],
): Policy.Prompt[] {
  const { Check, Prompt, base } = interactionPolicy;
  const prompts = base();
  // prompt=create (OpenID Connect "Initiating User Registration"): asked for, it opens the
  // registration page first; any finished interaction (a login after registering) resolves it.
  const create = new Prompt({ name: 'create', requestable: true });
  create.checks.splice(
    0,
    create.checks.length,
    new Check('create_prompt', 'registration was asked for', 'interaction_required', (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      return oidc.prompts.has('create') && !(oidc.route.endsWith('resume') && oidc.result)
        ? Check.REQUEST_PROMPT
        : Check.NO_NEED_TO_PROMPT;
    }),
  );
  prompts.add(create, 0);
  const login = prompts.get('login')!;
  login.checks.push(
    new Check(
      'idle_timeout',
      'the session has been idle longer than this client allows',
      'login_required',
      async (ctx: KoaContextWithOIDC) => {
        const { oidc } = ctx;
        // A login that just happened in this request is by definition not idle.
        if (oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
        const limit = policyOf(config, oidc.client?.metadata().login_policy).idleTimeoutSeconds;
        if (!limit || !oidc.session?.accountId || !oidc.client) return Check.NO_NEED_TO_PROMPT;
        const idle = await activity.idleSeconds(oidc.session.uid, oidc.client.clientId);
        return idle !== undefined && idle > limit ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
      },
    ),
    ...extraLoginChecks,
  );
  return prompts;
}
