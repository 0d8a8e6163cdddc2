// E-portal (Swedish), one program behind two entrances: teachers on the school network and other
// staff on the administrative network. Which services open depends on how the person logged in, as
// the ID token's `acr` and `amr` say, and a locked payslip offers a step-up to two factors; 15 idle
// minutes end both the portal and the Portvakt session.
import type { Context, Next } from 'koa';
import { endSessionUrl } from '../shared/oidc.ts';
import {
  accountNavItem,
  createPortal,
  csrfField,
  displayName,
  listen,
  type Portal,
  type PortalOptions,
  readCheckedForm,
  requireUser,
  type RunningPortal,
  signedIn,
} from '../shared/portal.ts';
import { html, render, type SafeHtml } from '../shared/page.ts';
import type { Session } from '../shared/sessions.ts';
import { serviceLocks, STEP_UP_ACR, type Service } from './services.ts';

const SCOPE = 'openid profile email';
const IDLE_LIMIT_MS = 15 * 60 * 1000;
const IDLE_NOTICE = 'Du loggades ut efter 15 minuters inaktivitet.';
// Portvakt raises the bar for a requested acr even on a trusted network and over single sign-on,
// where it asks only for the missing second factor; the person comes back to the payslip.
const STEP_UP_PATH = `/login?${new URLSearchParams({ returnTo: '/lonespecifikation', acr_values: STEP_UP_ACR })}`;

export function startEportalTeachers(options: PortalOptions): Promise<RunningPortal> {
  return startEportal(options, 'Lärare (skolnätet)');
}

export function startEportalStaff(options: PortalOptions): Promise<RunningPortal> {
  return startEportal(options, 'Personal (administrativa nätet)');
}

async function startEportal(options: PortalOptions, entrance: string): Promise<RunningPortal> {
  const portalName = `E-portal – ${entrance}`;
  const portal = await createPortal(options, { name: portalName, scope: SCOPE, locale: 'sv' });
  portal.app.use(idleLogout(portal));
  const show: Show = (ctx, title, body, status = 200) =>
    render(ctx, { lang: 'sv', portalName, title, body, nav: nav(portal.sessions.get(ctx), portal), status });
  addServiceList(portal, show);
  addLockedServices(portal, show);
  addSickChildCare(portal, show);
  return listen(portal, options);
}

type Show = (ctx: Context, title: string, body: SafeHtml, status?: number) => void;

/** The start page: every service, open or with the reason it is not. */
function addServiceList(portal: Portal, show: Show): void {
  portal.router.get('/', (ctx) => {
    const session = portal.sessions.get(ctx);
    const notice = session.notice;
    delete session.notice;
    const locks = serviceLocks(session.user);
    show(
      ctx,
      'Tjänster',
      html`${notice ? html`<p class="status" role="status">${notice}</p>` : ''}
${session.user ? html`<p>Inloggad som ${displayName(session.user)}.</p>` : html`<p><a href="/login">Logga in</a> för att använda tjänsterna.</p>`}
<ul>
<li>${serviceEntry('Anmäl vård av barn (VAB)', '/vab', locks.vab)}</li>
<li>${serviceEntry('Lönespecifikation', '/lonespecifikation', locks.payslip)}${session.user && locks.payslip ? html` ${stepUpLink()}` : ''}</li>
<li>${serviceEntry('Hantera SMS-nummer', '/sms-nummer', locks.smsNumbers)}</li>
</ul>`,
    );
  });
}

/** Services that depend on how the person logged in; a deep link to a locked one says why. */
function addLockedServices(portal: Portal, show: Show): void {
  const locked = (ctx: Context, service: Service) => serviceLocks(signedIn(portal, ctx))[service];
  // Portvakt's account page, at its section for the numbers that receive login codes.
  const accountPhones = `${portal.config.serverMetadata().issuer.replace(/\/+$/, '')}/account#phones`;
  portal.router.get('/lonespecifikation', requireUser(portal), (ctx) => {
    const lock = locked(ctx, 'payslip');
    if (lock)
      return show(
        ctx,
        'Lönespecifikation',
        html`<p class="error" role="alert">Inte tillgänglig: ${lock}</p><p>${stepUpLink()}</p>`,
        403,
      );
    show(
      ctx,
      'Lönespecifikation',
      html`<table><caption>Lön för oktober 2026 (exempeldata)</caption>
<tr><th scope="row">Bruttolön</th><td>38 500 kr</td></tr><tr><th scope="row">Skatt</th><td>11 200 kr</td></tr><tr><th scope="row">Att betala ut</th><td>27 300 kr</td></tr></table>`,
    );
  });

  portal.router.get('/sms-nummer', requireUser(portal), (ctx) => {
    const lock = locked(ctx, 'smsNumbers');
    if (lock)
      return show(ctx, 'Hantera SMS-nummer', html`<p class="error" role="alert">Inte tillgänglig: ${lock}</p>`, 403);
    show(
      ctx,
      'Hantera SMS-nummer',
      html`<p>Dina SMS-nummer är de nummer som Portvakt skickar dina inloggningskoder till. Därför ändrar du dem på ditt konto i Portvakt, och E-portalen leder dit bara från kontorets nätverk: den som kan ändra numren bestämmer vart nästa kod går.</p>
<p><a href="${accountPhones}">Hantera SMS-nummer i Portvakt</a></p>`,
    );
  });
}

/** "Anmäl vård av barn": any login will do. */
function addSickChildCare(portal: Portal, show: Show): void {
  const days = new Map<string, string[]>();
  portal.router.get('/vab', requireUser(portal), (ctx) => {
    const mine = days.get(signedIn(portal, ctx).sub) ?? [];
    show(
      ctx,
      'Anmäl vård av barn (VAB)',
      html`${mine.length ? html`<h2>Anmälda dagar</h2><ul>${mine.map((day) => html`<li>${day}</li>`)}</ul>` : ''}
<form method="post" action="/vab">${csrfField(portal.sessions.get(ctx))}
<p><label for="day">Datum för vård av barn (ÅÅÅÅ-MM-DD)</label><br><input id="day" name="day" type="date" required></p>
<button type="submit">Anmäl</button></form>`,
    );
  });

  portal.router.post('/vab', requireUser(portal), async (ctx) => {
    const day = (await readCheckedForm(ctx, portal.sessions.get(ctx))).get('day') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) {
      return show(
        ctx,
        'Anmäl vård av barn (VAB)',
        html`<p class="error" role="alert">Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-23.</p><p><a href="/vab">Försök igen</a></p>`,
        400,
      );
    }
    const sub = signedIn(portal, ctx).sub;
    days.set(sub, [...(days.get(sub) ?? []), day]);
    ctx.redirect('/vab');
  });
}

/**
 * After 15 idle minutes the next request ends the portal session and sends the browser through
 * Portvakt's end_session (an expired ID token is still a valid hint there), so the shared login
 * ends too. The fresh portal session carries the reason to the page the person returns to.
 */
function idleLogout(portal: Portal) {
  return async (ctx: Context, next: Next) => {
    const session = portal.sessions.find(ctx);
    if (!session) return next();
    if (session.user && portal.now() - session.lastSeen >= IDLE_LIMIT_MS) {
      const fresh = portal.sessions.create(ctx, session);
      fresh.notice = IDLE_NOTICE;
      return ctx.redirect(endSessionUrl(portal, session.user));
    }
    session.lastSeen = portal.now();
    await next();
  };
}

function stepUpLink(): SafeHtml {
  return html`<a href="${STEP_UP_PATH}">Logga in med två faktorer</a>`;
}

function serviceEntry(name: string, href: string, lock: string | undefined): SafeHtml {
  if (!lock) return html`<a href="${href}">${name}</a>`;
  return html`<strong>${name}</strong> – inte tillgänglig. ${lock}`;
}

function nav(session: Session, portal: Portal): SafeHtml {
  if (!session.user) return html`<ul><li><a href="/">Tjänster</a></li><li><a href="/login">Logga in</a></li></ul>`;
  return html`<ul><li><a href="/">Tjänster</a></li>${accountNavItem(portal, 'sv')}<li><form method="post" action="/logout">${csrfField(session)}<button type="submit">Logga ut</button></form></li></ul>`;
}
