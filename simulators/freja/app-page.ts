// The simulated Freja app, for a tester's browser: pick a demo person, open a transaction by its
// link, QR content or reference (a browser cannot follow `frejaeid://`), then approve, decline
// or report it. Served over plain HTTP on loopback, without a client certificate, because it
// stands in for a phone, not for the relying-party API. No sessions or cookies: it holds nothing
// worth forging a request for beyond the demo persons themselves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signApproval, type Signer } from './details.ts';
import { levelAtLeast, type PersonDirectory, type SimulatedPerson } from './persons.ts';
import { pickLanguage, type AppLanguage } from './texts.ts';
import type { SimStatus, TransactionStore } from './transactions.ts';
import { homePage, messagePage, transactionPage } from './views.ts';

export interface AppContext {
  store: TransactionStore;
  persons: PersonDirectory;
  signer: Signer;
  now: () => number;
}

const MAX_FORM_BYTES = 16 * 1024;
const ANSWERS: Record<
  string,
  {
    status: Exclude<SimStatus, 'STARTED' | 'DELIVERED_TO_MOBILE' | 'EXPIRED' | 'RP_CANCELED'>;
    done: 'approved' | 'declined' | 'reported';
  }
> = {
  '/approve': { status: 'APPROVED', done: 'approved' },
  '/decline': { status: 'CANCELED', done: 'declined' },
  '/report': { status: 'REJECTED', done: 'reported' },
};

/** The authRef in pasted text: an app link, QR content, or the bare reference. */
export function referenceFrom(input: string): string {
  const text = input.trim();
  if (text.toLowerCase().startsWith('frejaeid:')) {
    try {
      return new URL(text).searchParams.get('transactionReference') ?? '';
    } catch {
      return '';
    }
  }
  // References are base64; a bare one in a query string arrives with `+` turned into spaces.
  return text.replaceAll(' ', '+');
}

export function createAppHandler(context: AppContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    handle(context, req, url)
      .then((html) => sendHtml(res, html === undefined ? 404 : 200, html ?? 'Not found'))
      .catch(() => sendHtml(res, 500, 'Simulator error'));
  };
}

async function handle(context: AppContext, req: IncomingMessage, url: URL): Promise<string | undefined> {
  if (req.method === 'GET' && url.pathname === '/') {
    const lang = pickLanguage(url.searchParams.get('lang'), req.headers['accept-language']);
    const person = context.persons.byId(url.searchParams.get('person') ?? '');
    const reference = url.searchParams.get('ref') ?? url.searchParams.get('reference') ?? '';
    const waiting = person ? context.store.pendingFor(person.id) : [];
    return homePage(lang, context.persons.all, person?.id, reference, waiting);
  }
  if (req.method !== 'POST') return undefined;
  const form = await readForm(req);
  const lang = pickLanguage(form.get('lang'), req.headers['accept-language']);
  const person = context.persons.byId(form.get('person') ?? '');
  if (!person) return messagePage(lang, 'noPerson', undefined);
  if (url.pathname === '/open') return open(context, lang, person, referenceFrom(form.get('reference') ?? ''));
  const answer = ANSWERS[url.pathname];
  return answer ? respond(context, lang, person, form.get('authRef') ?? '', answer) : undefined;
}

function open(context: AppContext, lang: AppLanguage, person: SimulatedPerson, authRef: string): string {
  const outcome = context.store.bind(authRef, person.id);
  const transaction = context.store.find(authRef);
  if (outcome !== 'delivered' || !transaction)
    return messagePage(lang, outcome === 'delivered' ? 'unknown' : outcome, person.id);
  return transactionPage(
    lang,
    person,
    transaction,
    levelAtLeast(person.registrationLevel, transaction.request.minRegistrationLevel),
  );
}

async function respond(
  context: AppContext,
  lang: AppLanguage,
  person: SimulatedPerson,
  authRef: string,
  answer: (typeof ANSWERS)[string],
): Promise<string> {
  const transaction = context.store.find(authRef);
  if (!transaction) return messagePage(lang, 'unknown', person.id);
  if (transaction.personId !== person.id) return messagePage(lang, 'notForYou', person.id);
  if (transaction.status !== 'DELIVERED_TO_MOBILE') return messagePage(lang, 'notActive', person.id);
  // Freja requires the minimum registration level to approve or decline; below it the request just runs out.
  if (!levelAtLeast(person.registrationLevel, transaction.request.minRegistrationLevel))
    return transactionPage(lang, person, transaction, false);
  const signed =
    answer.status === 'APPROVED' ? await signApproval(transaction, person, context.signer, context.now()) : undefined;
  const accepted = context.store.answer(authRef, person.id, answer.status, signed);
  return messagePage(lang, accepted ? answer.done : 'notActive', person.id);
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}
