// Kompetensportal's page fragments: escaped HTML only, no decisions about who may do what.
import { accountNavItem, csrfField, type Portal } from '../shared/portal.ts';
import { html, type SafeHtml } from '../shared/page.ts';
import type { Session } from '../shared/sessions.ts';
import type { Course } from './courses.ts';

export const OTHER_INFO_MAX = 200;

// Identity numbers are shown masked even to their owner: the page may be read over a shoulder.
const IDENTITY_NUMBERS: ReadonlySet<string> = new Set([
  'https://id.oidc.se/claim/personalIdentityNumber',
  'https://id.oidc.se/claim/coordinationNumber',
]);

export function courseList(courses: readonly Course[]): SafeHtml {
  return html`<ul>${courses.map((course) => html`<li><a href="/courses/${encodeURIComponent(course.id)}">${course.name}</a> – ${course.date}</li>`)}</ul>`;
}

export function searchForm(query: string, matches: number): SafeHtml {
  return html`<form method="get" action="/" role="search">
<label for="q">Sök kurs efter namn</label> <input id="q" name="q" type="search" value="${query}"> <button type="submit">Sök</button></form>
${query ? html`<p role="status">${matchText(matches, query)}</p>` : ''}`;
}

function matchText(count: number, query: string): string {
  if (count === 0) return `Inga kurser matchar ”${query}”. Prova ett annat ord.`;
  return `${count} ${count === 1 ? 'kurs matchar' : 'kurser matchar'} ”${query}”.`;
}

/** What the course page offers: a login that comes back here, the registration, or its receipt. */
export function courseAction(session: Session, course: Course, registered: boolean): SafeHtml {
  const path = `/courses/${encodeURIComponent(course.id)}`;
  if (!session.user)
    return html`<p><a href="/login?returnTo=${encodeURIComponent(path)}">Logga in för att anmäla dig</a></p>`;
  if (registered) return html`<p class="status" role="status">Du är anmäld till kursen.</p>`;
  return html`<form method="post" action="${path}/register">${csrfField(session)}<button type="submit">Anmäl mig</button></form>`;
}

export function profileForm(session: Session, value: string, error: string | undefined, saved: boolean): SafeHtml {
  // No maxlength on the field: the server's check, with its message, is the one that counts.
  return html`${saved ? html`<p class="status" role="status">Profilen är sparad.</p>` : ''}
<form method="post" action="/profil" novalidate>${csrfField(session)}
<p><label for="other">Övrig information (t.ex. specialkost)</label><br>
<span id="other-hint">Frivilligt. Högst ${OTHER_INFO_MAX} tecken.</span>
${error ? html`<br><span id="other-error" class="error" role="alert">${error}</span>` : ''}<br>
<textarea id="other" name="other" rows="4" cols="50" aria-describedby="other-hint${error ? ' other-error' : ''}"${error ? html` aria-invalid="true" autofocus` : ''}>${value}</textarea></p>
<button type="submit">Spara</button></form>`;
}

/** The reason a value is refused, in words the person can act on; undefined when it is fine. */
export function otherInfoError(value: string): string | undefined {
  const length = [...value].length;
  if (length <= OTHER_INFO_MAX) return undefined;
  return `Övrig information får vara högst ${OTHER_INFO_MAX} tecken. Du skrev ${length} tecken – korta texten och spara igen.`;
}

export function claimList(claims: Record<string, unknown>): SafeHtml {
  return html`<dl>${Object.entries(claims).map(([name, value]) => html`<dt>${name}</dt><dd>${IDENTITY_NUMBERS.has(name) ? maskPersonalNumber(String(value)) : formatClaim(value)}</dd>`)}</dl>`;
}

/** Keeps the date of birth (YYYYMMDD) and hides the last four digits. */
export function maskPersonalNumber(value: string): string {
  return /^\d{12}$/.test(value) ? `${value.slice(0, 8)}****` : '****';
}

function formatClaim(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function nav(session: Session, portal: Pick<Portal, 'accountUrl'>): SafeHtml {
  const links = html`<li><a href="/">Kurser</a></li>`;
  if (!session.user)
    return html`<ul>${links}<li><a href="/login">Logga in</a></li><li><a href="/login?prompt=create">Registrera dig</a></li></ul>`;
  return html`<ul>${links}<li><a href="/mina-sidor">Mina sidor</a></li><li><a href="/profil">Profil</a></li><li><a href="/uppgifter">Mina uppgifter</a></li>${accountNavItem(portal, 'sv')}
<li><form method="post" action="/logout">${csrfField(session)}<button type="submit">Logga ut</button></form></li></ul>`;
}
