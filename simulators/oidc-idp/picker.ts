// The simulator's interaction: the login prompt shows the person picker and ends with the person
// picked; the consent prompt grants what was asked without a screen. oidc-provider's interaction
// cookie (SameSite, scoped to the interaction) is what ties a posted answer to its browser.
//
//   GET  /interaction/:uid         login ──▶ picker │ consent ──▶ granted ──▶ back to /auth
//   POST /interaction/:uid/login   a known person ──▶ back to /auth │ none ──▶ picker, 400
//   POST /interaction/:uid/abort   ──▶ access_denied to the client
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { SimulatedPerson } from './persons.ts';
import type { IssuerPreset } from './issuer-preset.ts';
import { pickLanguage, pickerText } from './texts.ts';
import { pickerPage } from './views.ts';

export function mountPicker(provider: Provider, preset: IssuerPreset, persons: readonly SimulatedPerson[]): void {
  const router = new Router();
  const form = bodyParser({ enableTypes: ['form'], formLimit: '4kb' });

  const showPicker = async (ctx: Context, error?: 'choose') => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const language = pickLanguage(details.params.ui_locales, ctx.get('accept-language'));
    const hint = details.params.login_hint;
    const clientId = String(details.params.client_id);
    ctx.status = error ? 400 : 200;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = pickerPage({
      language,
      brand: preset.brand,
      uid: details.uid,
      client: (await provider.Client.find(clientId))?.clientName ?? clientId,
      offer: preset.offered(persons, details.params),
      describe: (person) => preset.describe(person, language),
      selected: persons.find((person) => person.email !== undefined && person.email === hint)?.sub,
      error: error && pickerText(language, error),
    });
  };

  router.get('/interaction/:uid', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name === 'login') return showPicker(ctx);
    const grant = new provider.Grant({
      accountId: details.session!.accountId,
      clientId: String(details.params.client_id),
    });
    grant.addOIDCScope(String(details.params.scope));
    const consent = { grantId: await grant.save() };
    return provider.interactionFinished(ctx.req, ctx.res, { consent }, { mergeWithLastSubmission: true });
  });

  router.post('/interaction/:uid/login', form, async (ctx) => {
    const picked = (ctx.request.body as Record<string, unknown> | undefined)?.person;
    const person = persons.find((candidate) => candidate.sub === picked);
    if (!person) return showPicker(ctx, 'choose');
    // The preset's acr and amr go into the ID token as the real issuer's would.
    const login = { accountId: person.sub, ...preset.loginOf(person) };
    return provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
  });

  router.post('/interaction/:uid/abort', async (ctx) => {
    const result = { error: 'access_denied', error_description: 'The person cancelled the login.' };
    return provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  });

  provider.use(router.routes());
}
