// Log in with a passkey, no username: the browser offers this site's discoverable passkeys (on
// this screen, or in the password form's autofill), and the one the person picks names the
// account. The challenge is bound to this interaction and taken by the first answer.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { accountStateMessage, unusableAccountKey } from '../../src/accounts/lifecycle-messages.ts';
import { methodAcr, reportedAcr } from '../../src/policy/resolve.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import { abortForm } from '../chooser.ts';
import {
  formField,
  isLoginPrompt,
  loadInteraction,
  type InteractionContext,
  type InteractionServices,
  supportOf,
} from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { advance } from '../pipeline.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html } from '../../src/web/html.ts';
import { PASSKEY_SCRIPTS, passkeyForm } from '../views/passkey-forms.ts';
import { renderScreen } from '../views/render.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PasskeyLoginServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'config'
  | 'csrfKey'
  | 'eid'
  | 'eidOrders'
  | 'logger'
  | 'methods'
  | 'passkeyCeremony'
  | 'passkeys'
  | 'progress'
  | 'provider'
>;

export const passkeyMethod: LoginMethod<InteractionServices> = {
  id: 'passkey',
  label: 'method.passkey',
  acr: ACR.loa2,
  acrUnder: (policy) => policy.passkeyAcr,
  amr: ['hwk', 'user', 'mfa', 'phr'],
  authnProvider: 'urn:portvakt:authn:passkey',
  available: () => true,
  mount(router: Router, services: PasskeyLoginServices) {
    router.get('/interaction/:uid/passkey', async (ctx) => {
      showScreen(ctx, await allowedInteraction(ctx, services));
    });

    router.post('/interaction/:uid/passkey/options', async (ctx) => {
      const interaction = await allowedInteraction(ctx, services);
      assertScreenCsrf(ctx, interaction, services.config.issuer);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await services.passkeyCeremony.authenticationOptions(`login:${interaction.uid}`);
    });

    router.post('/interaction/:uid/passkey', async (ctx) => {
      const interaction = await allowedInteraction(ctx, services);
      assertScreenCsrf(ctx, interaction, services.config.issuer);
      const outcome = await services.passkeyCeremony.verifyAuthentication(
        `login:${interaction.uid}`,
        formField(ctx, 'credential'),
      );
      const audit = { clientId: interaction.client.clientId, ip: interaction.ip };
      if (outcome.kind === 'refused') {
        await services.audit.record({
          type: 'login.passkey',
          outcome: 'failure',
          accountId: outcome.accountId,
          ...audit,
          detail: { reason: outcome.reason },
        });
        return showScreen(ctx, interaction, interaction.t('passkey.refused'));
      }
      const account = await services.accounts.findById(outcome.passkey.accountId);
      if (account?.status !== 'active') {
        await services.audit.record({
          type: 'login.passkey',
          outcome: 'failure',
          accountId: outcome.passkey.accountId,
          ...audit,
          detail: { reason: 'account_unusable' },
        });
        const state = account ? unusableAccountKey(account) : 'deactivated';
        return showScreen(
          ctx,
          interaction,
          accountStateMessage(state, interaction.locale, supportOf(interaction, services.config.accounts)),
        );
      }
      await services.audit.record({
        type: 'login.passkey',
        outcome: 'success',
        accountId: account.id,
        ...audit,
        detail: { amr: outcome.amr },
      });
      await advance(ctx, services, interaction, {
        method: 'passkey',
        accountId: account.id,
        acr: reportedAcr(methodAcr(passkeyMethod, interaction.policy.rules), interaction.policy.essentialAcrs),
        amr: outcome.amr,
      });
    });
  },
};

/** The method must be one the client's policy offers for this request. */
async function allowedInteraction(ctx: Context, services: PasskeyLoginServices): Promise<InteractionContext> {
  const interaction = await loadInteraction(ctx, services);
  if (!interaction.policy.methods.some((method) => method.id === 'passkey') || !isLoginPrompt(interaction))
    ctx.throw(404);
  return interaction;
}

function showScreen(ctx: Context, interaction: InteractionContext, error?: string): void {
  const { t, uid } = interaction;
  renderScreen(ctx, interaction, {
    title: t('passkey.title'),
    status: error ? 400 : 200,
    head: PASSKEY_SCRIPTS,
    body: html`${errorSummary(error)}
<p>${t('passkey.intro')}</p>
${passkeyForm({ kind: 'login', action: `/interaction/${uid}/passkey`, optionsUrl: `/interaction/${uid}/passkey/options`, csrf: csrfField(interaction), label: t('passkey.use'), cancelled: t('passkey.cancelled'), unsupported: t('passkey.unsupported') })}
${interaction.policy.methods.length > 1 ? html`<p><a href="/interaction/${uid}">${t('passkey.otherMethods')}</a></p>` : ''}
${abortForm(interaction)}`,
  });
}

/** The password form's autofill: a passkey picked in the username field's suggestions logs in here. */
export function passkeyAutofill(interaction: InteractionContext) {
  if (!interaction.policy.methods.some((method) => method.id === 'passkey')) return undefined;
  const { uid } = interaction;
  return {
    head: PASSKEY_SCRIPTS,
    form: passkeyForm({
      kind: 'autofill',
      action: `/interaction/${uid}/passkey`,
      optionsUrl: `/interaction/${uid}/passkey/options`,
      csrf: csrfField(interaction),
      label: '',
      cancelled: '',
      unsupported: '',
    }),
  };
}
