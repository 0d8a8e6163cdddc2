// Datainsamling (Swedish): Exempelstatistik's portal where companies' respondents submit answers to
// its surveys. Portvakt's `totp` policy asks for a password and an authenticator app on every login
// and for the privacy notice; "Inlämning" shows what the login told the portal.
import type { Context } from 'koa';
import {
  accountNavItem,
  createPortal,
  csrfField,
  displayName,
  listen,
  type Portal,
  type PortalOptions,
  requireUser,
  type RunningPortal,
  signedIn,
} from '../shared/portal.ts';
import { html, render, type SafeHtml } from '../shared/page.ts';
import type { Session } from '../shared/sessions.ts';
import { claimsTable } from './claims.ts';

const PORTAL = 'Datainsamling – Exempelstatistik';
// No identity number: a respondent answers for a company, and the portal needs no more than who logged in.
const SCOPE = 'openid profile email';

export async function startDatainsamling(options: PortalOptions): Promise<RunningPortal> {
  const portal = await createPortal(options, { name: PORTAL, scope: SCOPE, locale: 'sv' });
  const { router, sessions } = portal;
  const show = (ctx: Context, title: string, body: SafeHtml) =>
    render(ctx, { lang: 'sv', portalName: PORTAL, title, body, nav: nav(sessions.get(ctx), portal) });

  router.get('/', (ctx) => {
    if (sessions.get(ctx).user) return ctx.redirect('/inlamning');
    show(
      ctx,
      'Lämna uppgifter till Exempelstatistik',
      html`<p>Här lämnar ditt företag uppgifter till Exempelstatistiks undersökningar, till exempel om omsättning och antal anställda. Uppgifterna används bara för att ta fram statistik och skyddas av statistiksekretess.</p>
<p>Du loggar in med lösenord och en kod från en autentiseringsapp varje gång. Första gången kopplar du appen till ditt konto.</p>
<p><a href="/login?returnTo=%2Finlamning">Logga in</a></p>`,
    );
  });

  router.get('/inlamning', requireUser(portal), (ctx) => {
    const user = signedIn(portal, ctx);
    show(
      ctx,
      'Inlämning',
      html`<p>Inloggad som ${displayName(user)}.</p>
<p>I en riktig portal fyller du i undersökningens blankett här. Den här exempelportalen visar i stället vad inloggningen berättade för den.</p>
${claimsTable(user)}`,
    );
  });

  return listen(portal, options);
}

function nav(session: Session, portal: Portal): SafeHtml {
  if (!session.user) return html`<ul><li><a href="/login?returnTo=%2Finlamning">Logga in</a></li></ul>`;
  return html`<ul><li><a href="/inlamning">Inlämning</a></li>${accountNavItem(portal, 'sv')}<li><form method="post" action="/logout">${csrfField(session)}<button type="submit">Logga ut</button></form></li></ul>`;
}
