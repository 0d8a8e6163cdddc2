// The privacy notice step: after the person is identified and before the login completes, the
// client's current notice is shown; accepting it is recorded (who, which version, when).
import type Router from '@koa/router';
import type { Context } from 'koa';
import { abortForm } from './chooser.ts';
import { loadInteraction, type InteractionContext, type InteractionServices } from './context.ts';
import { advance, savedEvidence } from './pipeline.ts';
import { csrfField } from '../src/web/forms.ts';
import { html } from '../src/web/html.ts';
import { renderScreen } from './views/render.ts';
import { assertScreenCsrf } from '../src/http/screen.ts';

/** The part of the shared services these screens use. */
type PrivacyNoticeServices = Pick<
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
  | 'passkeys'
  | 'progress'
  | 'provider'
>;

const SECTIONS = ['controller', 'purpose', 'legalBasis', 'retention', 'rights'] as const;

export function mountPrivacyNotice(router: Router, services: PrivacyNoticeServices): void {
  const base = '/interaction/:uid/privacy-notice';

  router.get(base, async (ctx) => {
    const { interaction } = await pending(ctx, services);
    showNotice(ctx, services, interaction);
  });

  router.post(base, async (ctx) => {
    const { interaction, progress, notice } = await pending(ctx, services);
    assertScreenCsrf(ctx, interaction, services.config.issuer);
    await services.acceptances.accept(progress.accountId, notice.name, notice.version, interaction.client.clientId);
    await services.audit.record({
      type: 'privacy.accepted',
      outcome: 'success',
      accountId: progress.accountId,
      clientId: interaction.client.clientId,
      ip: interaction.ip,
      detail: { notice: notice.name, version: notice.version },
    });
    await services.progress.remove(interaction.uid);
    await advance(ctx, services, interaction, savedEvidence(progress));
  });
}

async function pending(ctx: Context, services: PrivacyNoticeServices) {
  const interaction = await loadInteraction(ctx, services);
  const progress = await services.progress.find(interaction.uid);
  const { notice } = interaction.policy;
  if (progress?.stage !== 'privacy_notice' || !notice) return ctx.throw(404);
  return { interaction, progress, notice };
}

function showNotice(ctx: Context, services: PrivacyNoticeServices, interaction: InteractionContext): void {
  const { t, locale, client, uid } = interaction;
  const notice = interaction.policy.notice!;
  const text = services.config.privacyNotices[notice.name]!;
  renderScreen(ctx, interaction, {
    title: t('notice.title'),
    body: html`<p>${t('notice.intro', { client: client.clientName ?? client.clientId })}</p>
${SECTIONS.map((section) => html`<h2>${t(`notice.${section}`)}</h2><p>${text[section][locale]}</p>`)}
<p class="muted">${t('notice.version', { version: notice.version })}</p>
<form method="post" action="/interaction/${uid}/privacy-notice">${csrfField(interaction)}<button type="submit">${t('notice.accept')}</button></form>
${abortForm(interaction, 'notice.decline')}`,
  });
}
