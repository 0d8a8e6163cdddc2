// A passkey after a password: the browser is asked for one of this account's passkeys only, the
// challenge is bound to this interaction, and the answer adds the passkey's device kind, `user`
// and `phr` to the password's amr.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { FACTOR_PROOFS } from '../../../src/policy/factors.ts';
import { abortForm } from '../../chooser.ts';
import { formField, type InteractionContext, type InteractionServices } from '../../context.ts';
import { csrfField, errorSummary } from '../../../src/web/forms.ts';
import { html } from '../../../src/web/html.ts';
import { PASSKEY_SCRIPTS, passkeyForm } from '../../views/passkey-forms.ts';
import { renderScreen } from '../../views/render.ts';
import { finishSecondFactor, loadStep, type Step } from '../step.ts';
import type { SecondFactor } from './factor.ts';
import { assertScreenCsrf } from '../../../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PasskeyFactorServices = Pick<
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
  | 'throttle'
>;

export const passkeyFactor: SecondFactor = {
  proof: FACTOR_PROOFS.passkey,
  async options(services, accountId) {
    return (await services.passkeys.count(accountId)) > 0 ? [{ kind: 'passkey', id: 'passkey' }] : [];
  },
  mount(router: Router, services: PasskeyFactorServices) {
    const base = '/interaction/:uid/second-factor/passkey';
    const step = async (ctx: Context): Promise<Step> => {
      const loaded = await loadStep(ctx, services);
      // Only where this client accepts a passkey, and the account has one to use.
      const accepted =
        loaded.interaction.policy.rules.secondFactors.includes('passkey') &&
        (await services.passkeys.count(loaded.progress.accountId)) > 0;
      if (!accepted) ctx.throw(404);
      return loaded;
    };

    router.get(base, async (ctx) => {
      const { interaction } = await step(ctx);
      showScreen(ctx, interaction);
    });

    router.post(`${base}/options`, async (ctx) => {
      const { interaction, progress } = await step(ctx);
      assertScreenCsrf(ctx, interaction, services.config.issuer);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await services.passkeyCeremony.authenticationOptions(`login:${interaction.uid}`, progress.accountId);
    });

    router.post(base, async (ctx) => {
      const current = await step(ctx);
      const { interaction, progress } = current;
      assertScreenCsrf(ctx, interaction, services.config.issuer);
      const outcome = await services.passkeyCeremony.verifyAuthentication(
        `login:${interaction.uid}`,
        formField(ctx, 'credential'),
        progress.accountId,
      );
      if (outcome.kind === 'refused') {
        await services.audit.record({
          type: 'login.second_factor',
          outcome: 'failure',
          accountId: progress.accountId,
          clientId: interaction.client.clientId,
          ip: interaction.ip,
          detail: { factor: 'passkey', outcome: outcome.reason },
        });
        return showScreen(ctx, interaction, interaction.t('passkey.refused'));
      }
      await finishSecondFactor(
        ctx,
        services,
        current,
        FACTOR_PROOFS.passkey,
        outcome.amr.filter((value) => value !== 'mfa'),
      );
    });
  },
};

function showScreen(ctx: Context, interaction: InteractionContext, error?: string): void {
  const { t, uid } = interaction;
  const base = `/interaction/${uid}/second-factor/passkey`;
  renderScreen(ctx, interaction, {
    title: t('passkey.secondTitle'),
    status: error ? 400 : 200,
    head: PASSKEY_SCRIPTS,
    body: html`${errorSummary(error)}
<p>${t('passkey.secondIntro')}</p>
${passkeyForm({ kind: 'login', action: base, optionsUrl: `${base}/options`, csrf: csrfField(interaction), label: t('passkey.use'), cancelled: t('passkey.cancelled'), unsupported: t('passkey.unsupported') })}
<p><a href="/interaction/${uid}/second-factor">${t('passkey.otherFactor')}</a></p>
${abortForm(interaction)}`,
  });
}
