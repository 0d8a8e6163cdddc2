// The test IdP's pages: the organisation's login page (pick a staff person), the form that posts
// the answer to the service provider, and the plain pages around logout. English only: it stands
// in for an organisation's own IdP, not for Portvakt.
import type { StaffPerson } from './persons.ts';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – SAML IdP simulator</title></head>
<body><header><strong>Example municipality – staff login (SAML IdP simulator, for tests and the demo only)</strong></header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function loginPage(ticket: string, persons: readonly StaffPerson[], spEntityId: string): string {
  const choices = persons
    .map(
      (person) =>
        `<li><button type="submit" name="person" value="${escapeHtml(person.id)}">${escapeHtml(`${person.givenName} ${person.familyName}`)} (${escapeHtml(person.employeeNumber)}, ${escapeHtml(person.email)})</button></li>`,
    )
    .join('');
  return page(
    'Log in',
    `<p>${escapeHtml(spEntityId)} asks who you are. Choose a staff member:</p>
<form method="post" action="/sso/login"><input type="hidden" name="ticket" value="${escapeHtml(ticket)}"><ul>${choices}</ul></form>
<form method="post" action="/sso/cancel"><input type="hidden" name="ticket" value="${escapeHtml(ticket)}"><button type="submit">Cancel</button></form>`,
  );
}

/** The HTTP-POST binding: a form the browser submits to the service provider's ACS. */
export function postPage(action: string, fields: Record<string, string | undefined>): string {
  const inputs = Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Returning to the service',
    `<form method="post" action="${escapeHtml(action)}">${inputs}<button type="submit">Continue</button></form>
<script>document.forms[0].submit()</script>`,
  );
}

export function sessionsPage(sessions: { person: StaffPerson; sessionIndex: string }[]): string {
  const rows = sessions
    .map(
      ({ person }) =>
        `<li>${escapeHtml(`${person.givenName} ${person.familyName}`)} – <a href="/logout?person=${encodeURIComponent(person.id)}">log out everywhere</a></li>`,
    )
    .join('');
  return page('Sessions', sessions.length ? `<ul>${rows}</ul>` : '<p>Nobody is logged in.</p>');
}

export function messagePage(title: string, message: string, status = 200): { status: number; html: string } {
  return { status, html: page(title, `<p>${escapeHtml(message)}</p>`) };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}
