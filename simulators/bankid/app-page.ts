// SIMULATOR ONLY: the "phone" of a demo person, as server-rendered HTML. Never used in production
// configuration.
//
// Served over HTTPS on its own port, with the simulator's server certificate and no client
// certificate: the RP API port refuses any TLS client without an RP certificate, and a browser has
// none. (Trust the simulator CA in the browser once, or accept the warning; the CA lives in dataDir
// and is reused, so that happens once.)
//
//   GET  /                         scan a QR code, open the app for a phone order, inject a fault
//   GET  /?autostarttoken=…&redirect=…   the same-device launch link (like https://app.bankid.com/)
//   GET  /order?s=…                the order as the app shows it
//   POST /scan, /choose, /phone, /act, /fault
//
// After approval or cancellation on the same-device path the page redirects to the order's
// returnUrl (or the launch link's redirect, unless "null"), as the app does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, SafeHtml } from '../../src/web/html.ts';
import { FAULT_STATUS, type QueuedFault } from './api.ts';
import { AppRefusal, type Order, type OrderBook } from './orders.ts';
import type { DemoPerson } from './persons.ts';

const MAX_FORM_BYTES = 64 * 1024;
const PAGE_FAULTS = ['internalError', 'maintenance', 'requestTimeout', 'tooManyRequests'] as const;
const ACTIONS = ['approve', 'cancel', 'confirmCall', 'declineCall', 'mrtd'] as const;

export function createAppPageHandler(
  book: OrderBook,
  persons: () => readonly DemoPerson[],
  faults: QueuedFault[],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(book, persons, faults, req, res).catch(() => {
      if (!res.headersSent)
        sendPage(res, 500, 'Simulator fault', html`<p role="alert">The simulator failed. See its console.</p>`);
      else res.destroy();
    });
  };
}

async function handle(
  book: OrderBook,
  persons: () => readonly DemoPerson[],
  faults: QueuedFault[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://simulator.invalid');
  const deviceIp = normaliseIp(req.socket.remoteAddress ?? '');
  const route = `${req.method} ${url.pathname}`;
  const people = persons();
  try {
    switch (route) {
      case 'GET /': {
        const token = url.searchParams.get('autostarttoken');
        if (token === null)
          return sendPage(res, 200, 'BankID simulator', home(people, url.searchParams.get('done') === 'fault'));
        // Following the link is the app launch, so this GET changes state (the order becomes
        // pending/started), as opening the real app link does.
        const redirect = url.searchParams.get('redirect') ?? undefined;
        const order = book.launch(token, redirect);
        return seeOther(res, `/order?s=${encodeURIComponent(order.appSession)}`);
      }
      case 'GET /order': {
        const order = book.bySession(url.searchParams.get('s') ?? '');
        if (!order) throw new AppRefusal('The order is no longer available.');
        return sendPage(res, 200, 'BankID simulator: order', orderView(order, people));
      }
      case 'POST /scan': {
        const form = await readForm(req);
        const order = book.scanQr(form.get('qr') ?? '', form.get('person') ?? '', deviceIp);
        return seeOther(res, `/order?s=${encodeURIComponent(order.appSession)}`);
      }
      case 'POST /choose': {
        const form = await readForm(req);
        const order = book.chooseIdentity(form.get('s') ?? '', form.get('person') ?? '', deviceIp);
        return afterAction(res, order, people);
      }
      case 'POST /phone': {
        const form = await readForm(req);
        const order = book.openForPhone(form.get('person') ?? '', deviceIp);
        return seeOther(res, `/order?s=${encodeURIComponent(order.appSession)}`);
      }
      case 'POST /act': {
        const form = await readForm(req);
        const action = form.get('action') ?? '';
        if (!(ACTIONS as readonly string[]).includes(action)) throw new AppRefusal('Unknown action.');
        const order = book.act(form.get('s') ?? '', action as (typeof ACTIONS)[number]);
        return afterAction(res, order, people);
      }
      case 'POST /fault': {
        const form = await readForm(req);
        const errorCode = form.get('fault') ?? '';
        if (!(PAGE_FAULTS as readonly string[]).includes(errorCode))
          throw new AppRefusal('Choose one of the listed faults.');
        faults.push({ fault: { errorCode, status: FAULT_STATUS[errorCode] }, remaining: 1 });
        return seeOther(res, '/?done=fault');
      }
      default:
        if (
          url.pathname === '/' ||
          url.pathname === '/order' ||
          ['/scan', '/choose', '/phone', '/act', '/fault'].includes(url.pathname)
        ) {
          res.setHeader('Allow', url.pathname === '/' || url.pathname === '/order' ? 'GET' : 'POST');
          return sendPage(res, 405, 'Method not allowed', html`<p role="alert">That method is not allowed here.</p>`);
        }
        return sendPage(
          res,
          404,
          'Not found',
          html`<p role="alert">There is no such page. <a href="/">Start again</a>.</p>`,
        );
    }
  } catch (error) {
    if (error instanceof AppRefusal) {
      return sendPage(
        res,
        400,
        'BankID simulator',
        html`<p role="alert" class="refusal">${error.message}</p>${home(people, false)}`,
      );
    }
    throw error;
  }
}

/** A finished order on the same-device path goes back to the browser; otherwise the app shows the outcome. */
function afterAction(res: ServerResponse, order: Order, people: readonly DemoPerson[]): void {
  if (order.status === 'pending') return seeOther(res, `/order?s=${encodeURIComponent(order.appSession)}`);
  const target = order.via === 'autostart' ? returnTarget(order) : undefined;
  if (target) return seeOther(res, target);
  // Rendered at once: the relying party may collect (and so remove) the order before a redirect lands.
  sendPage(res, 200, 'BankID simulator: order', orderView(order, people));
}

/** The order's returnUrl wins over the launch link's redirect; "null" means stay in the app. Only http(s). */
export function returnTarget(order: Order): string | undefined {
  for (const candidate of [order.request.returnUrl, order.redirect]) {
    if (!candidate || candidate === 'null') continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
    } catch {
      // Not a URL: ignore it, as the app would.
    }
  }
  return undefined;
}

// ---- views ------------------------------------------------------------------------------------

function home(people: readonly DemoPerson[], faultQueued: boolean): SafeHtml {
  return html`
    ${faultQueued ? html`<p role="status">The next BankID API call will fail.</p>` : ''}
    <section aria-labelledby="scan-title">
      <h2 id="scan-title">Scan a QR code</h2>
      <p>Copy the current QR code content (<code>bankid.…</code>) from the relying party's page. It changes every second and is refused when it is more than a few seconds old.</p>
      <form method="post" action="/scan">
        ${personSelect('scan-person', people)}
        <p><label for="scan-qr">QR code content</label><br><input id="scan-qr" name="qr" type="text" required autocomplete="off" spellcheck="false" size="60"></p>
        <p><button type="submit">Scan</button></p>
      </form>
    </section>
    <section aria-labelledby="phone-title">
      <h2 id="phone-title">Open the app for a phone order</h2>
      <form method="post" action="/phone">
        ${personSelect('phone-person', people)}
        <p><button type="submit">Open BankID</button></p>
      </form>
    </section>
    <section aria-labelledby="fault-title">
      <h2 id="fault-title">Simulate a BankID fault</h2>
      <form method="post" action="/fault">
        <p><label for="fault">The next API call answers with</label><br>
        <select id="fault" name="fault" required>
          ${PAGE_FAULTS.map((code) => html`<option value="${code}">${code} (HTTP ${FAULT_STATUS[code] ?? ''})</option>`)}
        </select></p>
        <p><button type="submit">Inject fault</button></p>
      </form>
    </section>
    <p>Same-device orders arrive here through the start link (<code>?autostarttoken=…</code>).</p>`;
}

function personSelect(id: string, people: readonly DemoPerson[]): SafeHtml {
  return html`<p><label for="${id}">Person</label><br>
    <select id="${id}" name="person" required>
      ${people.map(
        (person) =>
          html`<option value="${person.personalNumber}">${person.givenName} ${person.surname}, ${person.personalNumber} (${describe(person)})</option>`,
      )}
    </select></p>`;
}

function describe(person: DemoPerson): string {
  const behaviour = person.behaviour ?? 'normal';
  return person.risk && person.risk !== 'low' ? `${behaviour}, ${person.risk} risk` : behaviour;
}

function orderView(order: Order, people: readonly DemoPerson[]): SafeHtml {
  const signing = order.request.kind === 'sign' || order.request.kind === 'phoneSign';
  const rp = order.request.relyingParty.displayName;
  const session = order.appSession;
  const actionForm = (action: string, label: string) =>
    html`<form method="post" action="/act" class="inline"><input type="hidden" name="s" value="${session}"><input type="hidden" name="action" value="${action}"><button type="submit">${label}</button></form>`;
  const header = html`<p>Relying party: <strong>${rp}</strong>. ${signing ? 'Signature' : 'Identification'} order.</p>
    ${order.person ? html`<p>BankID of ${order.person.givenName} ${order.person.surname}.</p>` : ''}`;

  if (order.status === 'complete') {
    return html`${header}<p role="status">Done: the ${signing ? 'signature' : 'identification'} is complete. Return to the browser.</p><p><a href="/">Back to the start</a></p>`;
  }
  if (order.status === 'failed') {
    return html`${header}<p role="status">The order ended: <code>${order.hintCode}</code>.</p><p><a href="/">Back to the start</a></p>`;
  }
  const refresh = html`<p><a href="/order?s=${session}">Refresh</a> (scripted persons act by themselves after a moment)</p>`;
  switch (order.hintCode) {
    case 'started':
      return html`${header}
        <p>The app was started from the browser and is looking for a BankID.</p>
        <form method="post" action="/choose">
          <input type="hidden" name="s" value="${session}">
          ${personSelect('choose-person', people)}
          <p><button type="submit">Use this BankID</button></p>
        </form>
        ${actionForm('cancel', 'Cancel')}`;
    case 'userCallConfirm':
      return html`${header}
        <p>Are you on a call with ${rp} right now?</p>
        ${actionForm('confirmCall', 'Yes, I am on a call')} ${actionForm('declineCall', 'No')} ${refresh}`;
    case 'userMrtd':
      return html`${header}
        <p>Scan your passport or national ID card.</p>
        ${actionForm('mrtd', 'Scan ID document')} ${actionForm('cancel', 'Cancel')} ${refresh}`;
    case 'userSign':
      return html`${header}
        ${visibleData(order)}
        <p>Enter the security code (any will do) and confirm.</p>
        ${actionForm('approve', signing ? 'Sign' : 'Identify')} ${actionForm('cancel', 'Cancel')} ${refresh}`;
    default:
      return html`${header}<p>Waiting: <code>${order.hintCode}</code>.</p>${refresh}`;
  }
}

function visibleData(order: Order): SafeHtml {
  if (!order.request.userVisibleData) return html``;
  const text = Buffer.from(order.request.userVisibleData, 'base64').toString('utf8');
  const format = order.request.userVisibleDataFormat;
  const signing = order.request.kind === 'sign' || order.request.kind === 'phoneSign';
  return html`<figure><figcaption>${signing ? 'You are signing' : 'My intent'}${format === 'simpleMarkdownV1' ? html` <small>(${format}, shown as plain text)</small>` : ''}</figcaption><pre>${text}</pre></figure>`;
}

// ---- plumbing ---------------------------------------------------------------------------------

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.4}
.banner{background:#fde68a;border:2px solid #92400e;padding:.5rem;font-weight:bold}
.refusal{background:#fee2e2;border:1px solid #991b1b;padding:.5rem}
form.inline{display:inline}button{font-size:1rem;padding:.4rem .9rem;margin:.2rem 0}
pre{white-space:pre-wrap;background:#f3f4f6;padding:.5rem}section{border-top:1px solid #ccc;margin-top:1rem}`;

function sendPage(res: ServerResponse, status: number, title: string, body: SafeHtml): void {
  const page = html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${new SafeHtml(STYLE)}</style></head>
<body>
<header><p class="banner">BankID SIMULATOR: not BankID. For development and tests only.</p></header>
<main><h1>${title}</h1>${body}</main>
</body>
</html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // No form-action: a redirect to the relying party's returnUrl follows a form post.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(page.toString());
}

function seeOther(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new AppRefusal('Send the form from the page.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new AppRefusal('The form is too large.');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function normaliseIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
