// Consent for third-party clients: what the client asks for, in words, and Allow / Deny.
// First-party clients never get here (see provider/first-party.ts).
import type { Context } from 'koa';
import type { PlainMessageKey } from '../src/i18n/translate.ts';
import { SE_SCOPE } from '../src/provider/vocabulary.ts';
import { abortForm } from './chooser.ts';
import { type InteractionContext, type InteractionServices } from './context.ts';
import { csrfField } from '../src/web/forms.ts';
import { html } from '../src/web/html.ts';
import { renderScreen } from './views/render.ts';
import { assertScreenCsrf } from '../src/http/screen.ts';

/** The part of the shared services these screens use. */
type ConsentServices = Pick<InteractionServices, 'audit' | 'config' | 'provider'>;

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

const SCOPE_LABELS: Record<string, PlainMessageKey> = {
  openid: 'scope.openid',
  profile: 'scope.profile',
  email: 'scope.email',
  phone: 'scope.phone',
  offline_access: 'scope.offline_access',
  [SE_SCOPE.naturalPersonNumber]: 'scope.naturalPersonNumber',
  [SE_SCOPE.naturalPersonInfo]: 'scope.naturalPersonInfo',
};

export function showConsent(ctx: Context, interaction: InteractionContext): void {
  const { t, client, details, uid } = interaction;
  const missing = details.prompt.details as ConsentDetails;
  // With prompt=consent nothing may be missing, yet the person should still see what is shared.
  const scopes = missing.missingOIDCScope?.length
    ? missing.missingOIDCScope
    : String(details.params.scope ?? '')
        .split(' ')
        .filter(Boolean);
  const claims = (missing.missingOIDCClaims ?? []).filter(
    (claim) => !['sub', 'sid', 'auth_time', 'acr', 'amr', 'iss'].includes(claim),
  );
  renderScreen(ctx, interaction, {
    title: t('consent.title'),
    body: html`<p>${t('consent.intro', { client: client.clientName ?? client.clientId })}</p>
<ul>${scopes.map((scope) => html`<li>${SCOPE_LABELS[scope] ? t(SCOPE_LABELS[scope]) : t('scope.other', { scope })}</li>`)}</ul>
${claims.length ? html`<p>${t('claims.extra', { claims: claims.join(', ') })}</p>` : ''}
<form method="post" action="/interaction/${uid}/consent">${csrfField(interaction)}
<div class="actions"><button type="submit" name="decision" value="allow" autofocus>${t('consent.allow')}</button></div>
</form>
${abortForm(interaction, 'consent.deny')}`,
  });
}

export async function grantConsent(
  ctx: Context,
  services: ConsentServices,
  interaction: InteractionContext,
): Promise<void> {
  assertScreenCsrf(ctx, interaction, services.config.issuer);
  const { details, client } = interaction;
  const missing = details.prompt.details as ConsentDetails;
  const accountId = details.session?.accountId;
  if (details.prompt.name !== 'consent' || !accountId) ctx.throw(400, 'No consent is being asked for.');
  const provider = services.provider;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: client.clientId });
  if (!grant) ctx.throw(400, 'The grant no longer exists.');
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await services.audit.record({
    type: 'consent.given',
    outcome: 'success',
    accountId,
    clientId: client.clientId,
    ip: interaction.ip,
    detail: { scopes: missing.missingOIDCScope ?? [] },
  });
  ctx.respond = false;
  await provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
