// An invitation's round trip to an upstream OpenID Connect issuer, kept (sealed, with the
// interaction's lifetime) beside the logins' round trips under `invitation:<id>`. Its `state` is
// random, never the invitation's token. The issuer's registered callback claims it by that state,
// once, and keeps the answer for the invitation's own callback, which takes it once, in the browser
// bound to the invitation that started it. A login's round trip has no such state (its state is the
// interaction uid), so a login's answer never reaches an invitation, nor an invitation's a login.
//
//   start ──begin(state)──▶ issuer ──▶ /upstream/oidc/<name>/callback ──handOn: claim state──▶
//   303 /invitation/upstream/oidc.<name>/callback ──take (bound browser, same device)──▶ complete
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import type { RoundTripSecrets } from '../../src/eid/oidc-upstream/client.ts';
import type { Invitation } from '../../src/accounts/invitations.ts';

/** What the start keeps for the answer: the flow's secrets, the link it came from, this browser. */
export interface InvitationRoundTrip {
  secrets: RoundTripSecrets;
  /** The invitation's link token, so its pages can be shown again; sealed, never sent anywhere. */
  token: string;
  /** This browser's device cookie (src/http/device-cookie.ts), which the answer must come back to. */
  device: string;
}

/** The round trip with the issuer's answer: the registered callback's query. */
export interface InvitationAnswer extends InvitationRoundTrip {
  callback: string;
}

const keyOf = (invitation: Pick<Invitation, 'id'>) => `invitation:${invitation.id}`;

export function invitationCallbackPath(methodId: string): string {
  return `/invitation/upstream/${methodId}/callback`;
}

export function newInvitationState(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts (or restarts, the earlier state then dead) the invitation's round trip to one issuer. */
export async function beginInvitationRoundTrip(
  store: UpstreamLogins,
  invitation: Pick<Invitation, 'id'>,
  methodId: string,
  trip: InvitationRoundTrip,
  lifetimeSeconds: number,
): Promise<void> {
  await store.begin(
    { uid: keyOf(invitation), method: methodId, relayState: trip.secrets.state, secrets: trip },
    lifetimeSeconds,
  );
}

/**
 * At the issuer's registered callback: when `state` is an invitation's, claims it (once), keeps
 * the answer and sends the browser to the invitation's callback. False for any other state.
 */
export async function handOnInvitationAnswer(
  ctx: Context,
  store: UpstreamLogins,
  methodId: string,
  state: string,
): Promise<boolean> {
  const claimed = await store.claimByRelayState<InvitationRoundTrip>(state, methodId);
  if (!claimed) return false;
  const answer: InvitationAnswer = { ...claimed.secrets, callback: ctx.querystring };
  await store.answer(claimed.uid, methodId, answer);
  ctx.status = 303;
  ctx.redirect(invitationCallbackPath(methodId));
  return true;
}

/** The answer for this invitation from this issuer, taken once. */
export function takeInvitationAnswer(
  store: UpstreamLogins,
  invitation: Pick<Invitation, 'id'>,
  methodId: string,
): Promise<InvitationAnswer | undefined> {
  return store.takeAnswer<InvitationAnswer>(keyOf(invitation), methodId);
}
