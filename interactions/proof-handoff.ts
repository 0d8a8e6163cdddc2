// An identity just proven outside a login (an invitation completed with BankID, Freja or an upstream
// issuer that verifies the identity number, such as ID-porten) carries over to the login that
// follows in the same browser, so the person ends logged in at the service instead of proving
// themselves a second time. The proof is sealed, names one client, lives five minutes and is taken
// once; the login still runs every step the client's policy asks after it.
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { clearPageCookie, readPageCookie, setPageCookie } from '../src/http/page-cookies.ts';
import type { Acr, Amr } from '../src/provider/vocabulary.ts';
import type { InteractionContext, InteractionServices } from './context.ts';
import { isLoginPrompt } from './context.ts';
import type { Evidence } from './method.ts';

const LIFETIME_MS = 5 * 60_000;

/** The methods that prove a person outside a login: the eIDs, and upstream issuers that verify the number. */
export type ProofMethod = 'bankid' | 'freja' | `oidc.${string}`;

/** The audit event a proof of this method is recorded under, as its login would be. */
export function proofAuditType(method: ProofMethod): 'login.eid' | 'login.upstream' {
  return method.startsWith('oidc.') ? 'login.upstream' : 'login.eid';
}

interface HandedOffProof {
  id: string;
  clientId: string;
  accountId: string;
  method: ProofMethod;
  acr: Acr;
  amr: Amr[];
  /** When the eID proved the person, in seconds: `max_age` sees the real time. */
  authTime: number;
  until: number;
}

type HandoffServices = Pick<InteractionServices, 'sealer' | 'throttle' | 'audit'>;

export function handOffProof(
  ctx: Context,
  services: Pick<InteractionServices, 'sealer'>,
  proof: Omit<HandedOffProof, 'id' | 'until' | 'authTime'>,
): void {
  const now = Date.now();
  const sealed: HandedOffProof = {
    ...proof,
    id: randomUUID(),
    authTime: Math.floor(now / 1000),
    until: now + LIFETIME_MS,
  };
  // Lax: the next request is the relying party's redirect to Portvakt, a top-level navigation.
  setPageCookie(ctx, 'portvakt_handoff', services.sealer.seal(JSON.stringify(sealed)), {
    sameSite: 'lax',
    maxAge: LIFETIME_MS,
  });
}

/** The proof for this login, taken (once) when it names this client and has not lapsed. */
export async function takeHandedOffProof(
  ctx: Context,
  services: HandoffServices,
  interaction: InteractionContext,
): Promise<Evidence | undefined> {
  const raw = readPageCookie(ctx, 'portvakt_handoff');
  if (!raw || !isLoginPrompt(interaction)) return undefined;
  clearPageCookie(ctx, 'portvakt_handoff', 'lax');
  let proof: HandedOffProof;
  try {
    proof = JSON.parse(services.sealer.open(raw)) as HandedOffProof;
  } catch {
    return undefined;
  }
  if (proof.until < Date.now() || proof.clientId !== interaction.client.clientId) return undefined;
  // Once: a copy of the cookie taken before this request is worth nothing after it.
  if ((await services.throttle.hit(`handoff:${proof.id}`, LIFETIME_MS / 1000)).count > 1) return undefined;
  await services.audit.record({
    type: proofAuditType(proof.method),
    outcome: 'success',
    accountId: proof.accountId,
    clientId: proof.clientId,
    ip: interaction.ip,
    detail: { method: proof.method, via: 'invitation' },
  });
  return { method: proof.method, accountId: proof.accountId, acr: proof.acr, amr: proof.amr, authTime: proof.authTime };
}
