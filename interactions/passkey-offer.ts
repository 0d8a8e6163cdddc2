// The offer after a login, where the client's policy makes it: "create a passkey for next time".
// The pipeline offers it only after a login that proved more than a password (pipeline.ts), so the
// passkey is bound by an eID or two factors; the person may say not now, and the login goes on.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { holderOf } from '../src/accounts/passkey-ceremony.ts';
import {
  formField,
  loadInteraction,
  type InteractionContext,
  type InteractionServices,
  type LoginProgress,
} from './context.ts';
import { advance, savedEvidence } from './pipeline.ts';
import { csrfField, errorSummary } from '../src/web/forms.ts';
import { html } from '../src/web/html.ts';
import { PASSKEY_SCRIPTS, passkeyForm } from './views/passkey-forms.ts';
import { renderScreen } from './views/render.ts';
import { defaultPasskeyName } from './views/passkey-names.ts';
import { assertScreenCsrf } from '../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PasskeyOfferServices = Pick<
  InteractionServices,
  | 'acceptances'
  | 'accounts'
  | 'audit'
  | 'changeNotices'
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

export function mountPasskeyOffer(router: Router, services: PasskeyOfferServices): void {
  const base = '/interaction/:uid/passkey-offer';

  router.get(base, async (ctx) => {
    const { interaction } = await pending(ctx, services);
    showOffer(ctx, interaction);
  });

  router.post(`${base}/options`, async (ctx) => {
    const { interaction, progress } = await pending(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const account = await services.accounts.findById(progress.accountId);
    if (!account) return ctx.throw(404);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await services.passkeyCeremony.registrationOptions(`login:${interaction.uid}`, holderOf(account));
  });

  router.post(base, async (ctx) => {
    const { interaction, progress } = await pending(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    const name = formField(ctx, 'name') || defaultPasskeyName(interaction.t, interaction.locale);
    const outcome = await services.passkeyCeremony.verifyRegistration(
      `login:${interaction.uid}`,
      progress.accountId,
      formField(ctx, 'credential'),
      name,
    );
    const audit = { accountId: progress.accountId, clientId: interaction.client.clientId, ip: interaction.ip };
    if (outcome.kind === 'refused' || !(await services.passkeys.add(outcome.passkey))) {
      await services.audit.record({
        type: 'passkey.added',
        outcome: 'failure',
        ...audit,
        detail: { via: 'login_offer', reason: outcome.kind === 'refused' ? outcome.reason : 'too_many' },
      });
      return showOffer(ctx, interaction, interaction.t('passkey.createFailed'));
    }
    await services.audit.record({
      type: 'passkey.added',
      outcome: 'success',
      ...audit,
      detail: { via: 'login_offer', deviceType: outcome.passkey.deviceType },
    });
    await services.changeNotices.tell(
      progress.accountId,
      { kind: 'passkey_added', value: outcome.passkey.name, ref: outcome.passkey.credentialId },
      { ip: interaction.ip },
    );
    await goOn(ctx, services, interaction, progress);
  });

  router.post(`${base}/skip`, async (ctx) => {
    const { interaction, progress } = await pending(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    await goOn(ctx, services, interaction, progress);
  });
}

async function pending(
  ctx: Context,
  services: PasskeyOfferServices,
): Promise<{ interaction: InteractionContext; progress: LoginProgress }> {
  const interaction = await loadInteraction(ctx, services);
  const progress = await services.progress.find(interaction.uid);
  if (progress?.stage !== 'passkey_offer') return ctx.throw(404);
  return { interaction, progress };
}

async function goOn(
  ctx: Context,
  services: PasskeyOfferServices,
  interaction: InteractionContext,
  progress: LoginProgress,
): Promise<void> {
  await services.progress.remove(interaction.uid);
  await advance(ctx, services, interaction, { ...savedEvidence(progress), passkeyOfferAnswered: true });
}

function showOffer(ctx: Context, interaction: InteractionContext, error?: string): void {
  const { t, uid } = interaction;
  const base = `/interaction/${uid}/passkey-offer`;
  renderScreen(ctx, interaction, {
    title: t('passkey.offerTitle'),
    status: error ? 400 : 200,
    head: PASSKEY_SCRIPTS,
    body: html`${errorSummary(error)}
<p>${t('passkey.offerIntro')}</p>
${passkeyForm({ kind: 'register', action: base, optionsUrl: `${base}/options`, csrf: csrfField(interaction), label: t('passkey.create'), cancelled: t('passkey.createFailed'), unsupported: t('passkey.unsupported'), name: { label: t('passkey.name'), value: defaultPasskeyName(t, interaction.locale) } })}
<form method="post" action="${base}/skip">${csrfField(interaction)}<button class="secondary" type="submit">${t('passkey.notNow')}</button></form>`,
  });
}
