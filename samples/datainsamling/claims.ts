// What a login told the data-collection portal, as a table a respondent can read: each claim with
// what it means, its value (times in Swedish time, methods and levels in words) and where it came
// from: the ID token, UserInfo or both.
import { html, type SafeHtml } from '../shared/page.ts';
import type { SignedInUser } from '../shared/sessions.ts';

// The claims a respondent cares about first, in this order; any others follow by name.
const MEANING: Record<string, string> = {
  sub: 'Din identitet hos portalen',
  acr: 'Tillitsnivå',
  amr: 'Hur du loggade in',
  auth_time: 'När du loggade in',
  name: 'Namn',
  given_name: 'Förnamn',
  family_name: 'Efternamn',
  email: 'E-postadress',
  email_verified: 'E-postadressen är bekräftad',
  birthdate: 'Födelsedatum',
  preferred_username: 'Användarnamn',
  login_network: 'Nätverk inloggningen kom från',
  previous_subs: 'Tidigare identiteter (sammanslagna profiler)',
  updated_at: 'Uppgifterna ändrades senast',
  sid: 'Inloggningssessionen hos Portvakt',
  iss: 'Utfärdare',
  aud: 'Mottagare',
  iat: 'Utfärdad',
  exp: 'Gäller till',
  nonce: 'Engångsvärde som binder token till inloggningen',
  at_hash: 'Kontrollsumma för åtkomsttoken',
};
const TIMES: ReadonlySet<string> = new Set(['auth_time', 'updated_at', 'iat', 'exp']);

// RFC 8176 and the Swedish levels of assurance, in words.
const AMR: Record<string, string> = {
  pwd: 'lösenord',
  otp: 'engångskod från app',
  sms: 'kod via SMS',
  mfa: 'flera faktorer',
  hwk: 'nyckel i hårdvara',
  swk: 'nyckel i programvara',
  pin: 'pinkod',
  fpt: 'fingeravtryck',
  face: 'ansiktsigenkänning',
  user: 'bekräftad av användaren',
  phr: 'nätfiskeresistent',
};
const ACR: Record<string, string> = {
  'http://id.elegnamnden.se/loa/1.0/loa1': 'nivå 1 (en faktor)',
  'http://id.elegnamnden.se/loa/1.0/loa2': 'nivå 2 (två faktorer)',
  'http://id.elegnamnden.se/loa/1.0/loa3': 'nivå 3 (e-legitimation)',
  'http://id.elegnamnden.se/loa/1.0/loa4': 'nivå 4',
};

const SWEDISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'long',
  timeStyle: 'medium',
  timeZone: 'Europe/Stockholm',
});

export function claimsTable(user: SignedInUser): SafeHtml {
  const names = [...new Set([...Object.keys(user.claims), ...Object.keys(user.userinfo)])];
  const known = Object.keys(MEANING);
  const rank = (name: string) => (known.includes(name) ? known.indexOf(name) : known.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return html`<table><caption>Uppgifter från inloggningen</caption>
<thead><tr><th scope="col">Uppgift</th><th scope="col">Värde</th><th scope="col">Källa</th></tr></thead>
<tbody>${names.map(
    (name) =>
      html`<tr><th scope="row">${MEANING[name] ? html`${MEANING[name]}<br>` : ''}<code>${name}</code></th><td>${formatClaim(name, user.userinfo[name] ?? user.claims[name])}</td><td class="nowrap">${source(user, name)}</td></tr>`,
  )}</tbody></table>`;
}

function formatClaim(name: string, value: unknown): string {
  if (TIMES.has(name) && typeof value === 'number') return SWEDISH_TIME.format(new Date(value * 1000));
  if (name === 'amr' && Array.isArray(value))
    return value.map((method) => (AMR[method] ? `${method} (${AMR[method]})` : String(method))).join(', ');
  if (name === 'acr' && typeof value === 'string') return ACR[value] ? `${value} – ${ACR[value]}` : value;
  if (typeof value === 'boolean') return value ? 'ja' : 'nej';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The ID token is signed by Portvakt; UserInfo answered the portal's access token. */
function source(user: SignedInUser, name: string): string {
  if (name in user.claims && name in user.userinfo) return 'båda';
  return name in user.claims ? 'ID-token' : 'UserInfo';
}
