// Læringsportal (Norwegian bokmål): a health trust's e-learning courses that a person starts and
// completes. Whether a completed course counts for the employee record is decided from the claims;
// after Portvakt merges two profiles, the login moves the retired profile's courses here.
import type { Context } from 'koa';
import {
  accountNavItem,
  claimsOf,
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
import { PortalError } from '../shared/errors.ts';
import { html, render, type SafeHtml } from '../shared/page.ts';
import { adoptPreviousSubs } from '../shared/previous-subs.ts';
import type { Session, SignedInUser } from '../shared/sessions.ts';

const PORTAL = 'Læringsportal – Helse Eksempel HF';
// The identity number scope is what lets an employee's login say who the employee is.
const SCOPE = 'openid profile email https://id.oidc.se/scope/naturalPersonNumber';

// An employee profile holds a national identity number (Portvakt releases it only for an account
// that has one: the employee profile, or a profile merged with it by that number) or, from a staff
// login, an employee number. External learners' profiles have neither, so their courses stay here.
const EMPLOYEE_CLAIMS = [
  'https://id.oidc.se/claim/personalIdentityNumber',
  'https://id.oidc.se/claim/coordinationNumber',
  'pid',
  'employee_number',
];

const COURSES = [
  { id: 'informasjonssikkerhet', name: 'Informasjonssikkerhet for alle ansatte', minutes: 30 },
  { id: 'personvern', name: 'Personvern i praksis', minutes: 45 },
  { id: 'smittevern', name: 'Basale smittevernrutiner', minutes: 25 },
  { id: 'varsling', name: 'Varsling av kritikkverdige forhold', minutes: 20 },
] as const;

const MERGED_NOTICE = 'Kursene fra den sammenslåtte profilen din er flyttet hit.';

type Progress = 'started' | 'completed';
/** Progress per person (`sub`), course by course. */
type ProgressStore = Map<string, Map<string, Progress>>;

export async function startLaringsportal(options: PortalOptions): Promise<RunningPortal> {
  const progress: ProgressStore = new Map();
  const portal = await createPortal(options, {
    name: PORTAL,
    scope: SCOPE,
    locale: 'nb',
    async onSignIn(user, session) {
      if (await adoptPreviousSubs(user, (from, to) => moveProgress(progress, from, to))) session.notice = MERGED_NOTICE;
    },
  });
  const { router, sessions } = portal;
  const loggedIn = requireUser(portal);
  const show = (ctx: Context, title: string, body: SafeHtml) =>
    render(ctx, { lang: 'nb', portalName: PORTAL, title, body, nav: nav(sessions.get(ctx), portal) });

  router.get('/', (ctx) => {
    if (sessions.get(ctx).user) return ctx.redirect('/kurs');
    show(
      ctx,
      'Velkommen',
      html`<p>Logg inn for å se og ta e-læringskursene dine.</p>
<p><a href="/login?returnTo=%2Fkurs">Logg inn</a></p>
<p><a href="/login?returnTo=%2Fkurs">Glemt passord?</a> Du får hjelp på innloggingssiden.</p>`,
    );
  });

  router.get('/kurs', loggedIn, (ctx) => {
    const user = signedIn(portal, ctx);
    const session = sessions.get(ctx);
    const notice = session.notice;
    delete session.notice;
    const mine = progress.get(user.sub) ?? new Map<string, Progress>();
    const counts = isEmployee(user);
    show(
      ctx,
      'Mine e-læringskurs',
      html`${notice ? html`<p class="status" role="status">${notice}</p>` : ''}
<p>Innlogget som ${displayName(user)}.</p>
${recordExplanation(counts)}
<h2>Kurs</h2>
<ul>${COURSES.map(
        (
          course,
        ) => html`<li><strong>${course.name}</strong> (${course.minutes} min) – ${statusText(mine.get(course.id), counts)}
${courseAction(session, course.id, course.name, mine.get(course.id))}</li>`,
      )}</ul>`,
    );
  });

  router.post('/kurs/:id/:action', loggedIn, async (ctx) => {
    await readCheckedForm(ctx, sessions.get(ctx));
    const course = COURSES.find((candidate) => candidate.id === ctx.params.id);
    const action = ctx.params.action;
    if (!course || (action !== 'start' && action !== 'fullfor')) throw new PortalError('not_found', 404);
    const sub = signedIn(portal, ctx).sub;
    const mine = progress.get(sub) ?? new Map<string, Progress>();
    if (action === 'start' && !mine.has(course.id)) mine.set(course.id, 'started');
    if (action === 'fullfor' && mine.get(course.id) === 'started') mine.set(course.id, 'completed');
    progress.set(sub, mine);
    ctx.redirect('/kurs');
  });

  return listen(portal, options);
}

/** Moves a retired profile's courses onto the person's, course by course: completed wins over started. */
function moveProgress(progress: ProgressStore, from: string, to: string): boolean {
  const moved = progress.get(from);
  if (!moved?.size) return false;
  const mine = progress.get(to) ?? new Map<string, Progress>();
  for (const [course, state] of moved) if (mine.get(course) !== 'completed') mine.set(course, state);
  progress.set(to, mine);
  progress.delete(from);
  return true;
}

function isEmployee(user: SignedInUser): boolean {
  const claims = claimsOf(user);
  return EMPLOYEE_CLAIMS.some((name) => typeof claims[name] === 'string' && claims[name] !== '');
}

function recordExplanation(counts: boolean): SafeHtml {
  return html`<section aria-labelledby="record"><h2 id="record">Teller kursene i personalmappen?</h2>
<p>Vi i Helse Eksempel HF registrerer et fullført kurs i personalmappen din bare når du er logget inn med ansattprofilen din, eller med en profil som er slått sammen med ansattprofilen via fødselsnummer.</p>
<p class="status" role="status">${
    counts
      ? 'Du er logget inn med ansattprofilen din, så kursene du fullfører, blir registrert i personalmappen.'
      : 'Du er logget inn med en ekstern profil, så kursene du fullfører, lagres bare her i Læringsportalen og teller ikke i personalmappen. Er du ansatt, kan du be personalavdelingen slå profilene sammen.'
  }</p></section>`;
}

function statusText(state: Progress | undefined, counts: boolean): string {
  if (state === 'completed')
    return counts ? 'fullført, registrert i personalmappen' : 'fullført, ikke registrert i personalmappen';
  return state === 'started' ? 'påbegynt' : 'ikke startet';
}

function courseAction(session: Session, id: string, name: string, state: Progress | undefined): SafeHtml {
  if (state === 'completed') return html``;
  const action = state === 'started' ? 'fullfor' : 'start';
  const label = state === 'started' ? `Fullfør «${name}»` : `Start «${name}»`;
  return html`<form method="post" action="/kurs/${encodeURIComponent(id)}/${action}">${csrfField(session)}<button type="submit">${label}</button></form>`;
}

function nav(session: Session, portal: Portal): SafeHtml {
  if (!session.user) return html`<ul><li><a href="/login?returnTo=%2Fkurs">Logg inn</a></li></ul>`;
  return html`<ul><li><a href="/kurs">Mine kurs</a></li>${accountNavItem(portal, 'nb')}<li><form method="post" action="/logout">${csrfField(session)}<button type="submit">Logg ut</button></form></li></ul>`;
}
