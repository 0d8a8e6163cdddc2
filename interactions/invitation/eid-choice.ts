// Which eIDs an invitation offers, and the screen to choose one: the BankID and Freja drivers, and
// the upstream OpenID Connect issuers whose entry maps a verified national identity number
// (`nationalId`: ID-porten, HelseID). An issuer that verifies no number never completes an invitation.
import type { Context } from 'koa';
import type { OidcUpstreamConfig } from '../../src/eid/oidc-upstream/config.ts';
import type { InteractionServices } from '../context.ts';
import type { EidDriver } from '../eid/driver.ts';
import type { InvitationPage } from './context.ts';
import { eidChoiceScreen } from './views.ts';

type ChoiceServices = Pick<InteractionServices, 'config' | 'eid'>;

/** An upstream issuer as an invitation offers it: its entry, which proves the number it maps. */
export interface InvitationUpstream {
  id: `oidc.${string}`;
  config: OidcUpstreamConfig & { nationalId: NonNullable<OidcUpstreamConfig['nationalId']> };
}

export interface InvitationEids {
  drivers: EidDriver[];
  upstreams: InvitationUpstream[];
}

/**
 * The eIDs the inviting client's policy names. A policy that names none gets every configured
 * driver, as before upstream issuers could complete invitations; upstream issuers only by name.
 */
export function invitationEids(services: ChoiceServices, view: InvitationPage): InvitationEids {
  const configured = (['bankid', 'freja'] as const)
    .map((id) => services.eid[id])
    .filter((driver): driver is EidDriver => driver !== undefined);
  const named = configured.filter((driver) => view.policy.methods.includes(driver.id));
  const upstreams = services.config.oidcUpstreams
    .filter((entry): entry is InvitationUpstream['config'] => entry.nationalId !== undefined)
    .map((entry) => ({ id: `oidc.${entry.name}` as const, config: entry }))
    .filter((upstream) => view.policy.methods.includes(upstream.id));
  return { drivers: named.length || upstreams.length ? named : configured, upstreams };
}

export function showEidChoice(ctx: Context, services: ChoiceServices, view: InvitationPage, error?: string): void {
  const { drivers, upstreams } = invitationEids(services, view);
  eidChoiceScreen(
    ctx,
    view,
    {
      drivers,
      upstreams: upstreams.map((upstream) => ({ id: upstream.id, label: upstream.config.label })),
    },
    error,
  );
}
