// Kompetensportal (Swedish): a municipality's course catalogue, open to all, with registration,
// "Mina sidor" and a profile behind a Portvakt login that releases the personal identity number.
import type { Context } from 'koa';
import { PortalError } from '../shared/errors.ts';
import {
  claimsOf,
  createPortal,
  displayName,
  listen,
  readCheckedForm,
  requireUser,
  signedIn,
  type Portal,
  type PortalOptions,
  type RunningPortal,
} from '../shared/portal.ts';
import { html, render, type SafeHtml } from '../shared/page.ts';
import { COURSES, findCourse, searchCourses, type Course } from './courses.ts';
import { claimList, courseAction, courseList, nav, otherInfoError, profileForm, searchForm } from './views.ts';

const PORTAL = 'Kompetensportal';
const SCOPE = 'openid profile email https://id.oidc.se/scope/naturalPersonNumber';

/** The portal's own data about people, by `sub`: in memory, as a sample may. */
interface PortalData {
  registrations: Map<string, Set<string>>;
  otherInfo: Map<string, string>;
}

export async function startKompetensportal(options: PortalOptions): Promise<RunningPortal> {
  const portal = await createPortal(options, { name: PORTAL, scope: SCOPE, locale: 'sv' });
  const data: PortalData = { registrations: new Map(), otherInfo: new Map() };
  addCatalogue(portal, data);
  addMyPages(portal, data);
  addProfile(portal, data);
  return listen(portal, options);
}

function show(portal: Portal, ctx: Context, title: string, body: SafeHtml, status = 200): void {
  render(ctx, { lang: 'sv', portalName: PORTAL, title, body, nav: nav(portal.sessions.get(ctx), portal), status });
}

/** The catalogue, its search and the course pages: anyone may read them. */
function addCatalogue(portal: Portal, data: PortalData): void {
  portal.router.get('/', (ctx) => {
    const query = typeof ctx.query.q === 'string' ? ctx.query.q : '';
    const courses = query ? searchCourses(query) : COURSES;
    show(portal, ctx, 'Kurser', html`${searchForm(query, courses.length)}${courses.length ? courseList(courses) : ''}`);
  });

  portal.router.get('/courses/:id', (ctx) => {
    const course = findCourse(ctx.params.id ?? '');
    if (!course) throw new PortalError('not_found', 404);
    const session = portal.sessions.get(ctx);
    const registered = session.user ? (data.registrations.get(session.user.sub)?.has(course.id) ?? false) : false;
    show(
      portal,
      ctx,
      course.name,
      html`<p>${course.summary}</p><p>Datum: ${course.date}</p>${courseAction(session, course, registered)}`,
    );
  });

  portal.router.post('/courses/:id/register', requireUser(portal), async (ctx) => {
    await readCheckedForm(ctx, portal.sessions.get(ctx));
    const course = findCourse(ctx.params.id ?? '');
    if (!course) throw new PortalError('not_found', 404);
    const sub = signedIn(portal, ctx).sub;
    data.registrations.set(sub, (data.registrations.get(sub) ?? new Set()).add(course.id));
    ctx.redirect('/mina-sidor');
  });
}

/** "Mina sidor" and the claims the login brought. */
function addMyPages(portal: Portal, data: PortalData): void {
  portal.router.get('/mina-sidor', requireUser(portal), (ctx) => {
    const user = signedIn(portal, ctx);
    const mine = [...(data.registrations.get(user.sub) ?? [])]
      .map(findCourse)
      .filter((course): course is Course => course !== undefined);
    show(
      portal,
      ctx,
      'Mina sidor',
      html`<p>Inloggad som ${displayName(user)}.</p><h2>Mina kursanmälningar</h2>
${mine.length ? courseList(mine) : html`<p>Du är inte anmäld till någon kurs än.</p>`}`,
    );
  });

  portal.router.get('/uppgifter', requireUser(portal), (ctx) => {
    show(
      portal,
      ctx,
      'Mina uppgifter från inloggningen',
      html`<p>Det här skickade Portvakt till portalen. Personnumrets fyra sista siffror visas inte.</p>
${claimList(claimsOf(signedIn(portal, ctx)))}`,
    );
  });
}

/** The portal's own profile field, "Övrig information". */
function addProfile(portal: Portal, data: PortalData): void {
  portal.router.get('/profil', requireUser(portal), (ctx) => {
    const value = data.otherInfo.get(signedIn(portal, ctx).sub) ?? '';
    show(portal, ctx, 'Profil', profileForm(portal.sessions.get(ctx), value, undefined, ctx.query.sparad === '1'));
  });

  portal.router.post('/profil', requireUser(portal), async (ctx) => {
    const session = portal.sessions.get(ctx);
    const value = (await readCheckedForm(ctx, session)).get('other') ?? '';
    const error = otherInfoError(value);
    if (error) return show(portal, ctx, 'Profil', profileForm(session, value, error, false), 400);
    data.otherInfo.set(signedIn(portal, ctx).sub, value.trim());
    ctx.redirect('/profil?sparad=1');
  });
}
