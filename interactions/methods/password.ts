// Username (or e-mail) and password. Failures are counted per login name and per address in the
// database, so limits hold across instances; the answer never reveals whether a name exists.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { accountStateMessage } from '../../src/accounts/lifecycle-messages.ts';
import { normaliseLoginName } from '../../src/accounts/types.ts';
import { waitMessage } from '../../src/i18n/wait.ts';
import { reportedAcr } from '../../src/policy/resolve.ts';
import { ACR } from '../../src/provider/vocabulary.ts';
import { abortForm } from '../chooser.ts';
import { advance } from '../pipeline.ts';
import {
  formField,
  isLoginPrompt,
  loadInteraction,
  type InteractionContext,
  type InteractionServices,
  supportOf,
} from '../context.ts';
import type { LoginMethod } from '../method.ts';
import { csrfField, errorSummary } from '../../src/web/forms.ts';
import { html } from '../../src/web/html.ts';
import { renderScreen } from '../views/render.ts';
import { passkeyAutofill } from './passkey.ts';
import { verifyPassword } from './password-check.ts';
import { mountPasswordReset } from './password-reset.ts';
import { assertScreenCsrf } from '../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PasswordLoginServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'changeNotices'
  | 'codeKey'
  | 'codes'
  | 'config'
  | 'csrfKey'
  | 'db'
  | 'eid'
  | 'eidOrders'
  | 'guessingAlerts'
  | 'logger'
  | 'methods'
  | 'passkeys'
  | 'passwords'
  | 'progress'
  | 'provider'
  | 'senders'
  | 'throttle'
>;

export const passwordMethod: LoginMethod<InteractionServices> = {
  id: 'password',
  label: 'method.password',
  acr: ACR.loa1,
  amr: ['pwd'],
  authnProvider: 'urn:portvakt:authn:password',
  available: () => true,
  mount(router: Router, services: PasswordLoginServices) {
    mountPasswordReset(router, services);
    router.get('/interaction/:uid/password', async (ctx) => {
      const interaction = await allowedInteraction(ctx, services);
      const hint = interaction.details.params.login_hint;
      showForm(ctx, interaction, { username: typeof hint === 'string' ? hint : '' }, interaction.otherMethods);
    });
    router.post('/interaction/:uid/password', async (ctx) => {
      const interaction = await allowedInteraction(ctx, services);
      assertScreenCsrf(ctx, interaction, services.config.issuer);
      const username = formField(ctx, 'username') ?? '';
      const password = formField(ctx, 'password') ?? '';
      const outcome = await verifyPassword(services, {
        username,
        password,
        ip: interaction.ip,
        clientId: interaction.client.clientId,
      });
      if (outcome.kind !== 'verified') {
        const { t } = interaction;
        const message =
          outcome.kind === 'throttled'
            ? waitMessage(t, outcome.retryAfterSeconds)
            : outcome.kind === 'missing'
              ? t('password.missing')
              : outcome.kind === 'tooLong'
                ? t('password.tooLong')
                : outcome.kind === 'unusable'
                  ? accountStateMessage(
                      outcome.message,
                      interaction.locale,
                      supportOf(interaction, services.config.accounts),
                    )
                  : t('password.invalid');
        if (outcome.kind === 'throttled') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
        return showForm(
          ctx,
          interaction,
          {
            username: normaliseLoginName(username).slice(0, 256),
            error: message,
            status: outcome.kind === 'throttled' ? 429 : 400,
          },
          interaction.otherMethods,
        );
      }
      await advance(ctx, services, interaction, {
        method: 'password',
        accountId: outcome.accountId,
        acr: reportedAcr(passwordMethod.acr, interaction.policy.essentialAcrs),
        amr: passwordMethod.amr,
      });
    });
  },
};

/** The method must be one the client's policy offers for this request. */
async function allowedInteraction(
  ctx: Context,
  services: PasswordLoginServices,
): Promise<InteractionContext & { otherMethods: boolean }> {
  const interaction = await loadInteraction(ctx, services);
  const { methods } = interaction.policy;
  if (!methods.some((method) => method.id === 'password') || !isLoginPrompt(interaction)) ctx.throw(404);
  return { ...interaction, otherMethods: methods.length > 1 };
}

function showForm(
  ctx: Context,
  interaction: InteractionContext,
  state: { username: string; error?: string; status?: number },
  otherMethods: boolean,
): void {
  const { t, uid } = interaction;
  const describedBy = state.error ? html` aria-describedby="form-error"` : '';
  // Where the client takes passkeys, the username field offers them too (conditional mediation).
  const autofill = passkeyAutofill(interaction);
  renderScreen(ctx, interaction, {
    title: t('password.title'),
    status: state.status,
    head: autofill?.head,
    body: html`${errorSummary(state.error)}
<form method="post" action="/interaction/${uid}/password" novalidate>
${csrfField(interaction)}
<label for="username">${t('password.username')}</label>
<input id="username" name="username" type="text" autocomplete="${autofill ? 'username webauthn' : 'username'}" autocapitalize="none" spellcheck="false" required value="${state.username}"${describedBy}${state.username ? '' : html` autofocus`}>
<label for="password">${t('password.password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${state.username ? html` autofocus` : ''}>
<button type="submit">${t('password.submit')}</button>
</form>
<p><a href="/interaction/${uid}/password/reset">${t('reset.link')}</a></p>
${otherMethods ? html`<p><a href="/interaction/${uid}">${t('password.back')}</a></p>` : ''}
${autofill?.form ?? ''}
${abortForm(interaction)}`,
  });
}
