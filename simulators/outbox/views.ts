// The outbox pages: a list of everything sent (newest first, filterable by recipient) and one
// page per message. Server-rendered, every value escaped, readable without JavaScript; the list
// refreshes itself with a meta refresh that the reader can switch off (WCAG 2.2.1).
import { escapeHtml as e } from '../../src/web/html.ts';
import type { OutboxEntry, OutboxFilter } from './outbox.ts';

const REFRESH_SECONDS = 5;

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;line-height:1.5;color:#1b1b1b}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ccc;vertical-align:top}
pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}iframe{width:100%;min-height:24rem;border:1px solid #ccc}
a{color:#0b4f9c}:focus{outline:3px solid #f5a623;outline-offset:2px}dt{font-weight:bold}dd{margin:0 0 .5rem 0}`;

function layout(title: string, body: string, refresh = false): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : ''}
<title>${e(title)} – Portvakt outbox (demo)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function listPage(entries: readonly OutboxEntry[], filter: OutboxFilter, refresh: boolean): string {
  const to = filter.to ?? '';
  const heading = to ? `Messages to ${e(to)}` : 'All messages';
  const body =
    entries.length === 0
      ? `<p>${to ? 'Nothing has been sent to this recipient yet.' : 'Nothing has been sent yet.'}</p>`
      : table(entries);
  return layout(
    'Outbox',
    `<h1>Outbox</h1>
<p>E-mail and SMS the demo sent. Nothing here leaves this machine.</p>
${filterForm(to, refresh)}
${refreshNotice(to, refresh)}
<h2>${heading}</h2>
${body}`,
    refresh,
  );
}

function listLink(to: string, refresh: boolean): string {
  const params = new URLSearchParams();
  if (to) params.set('to', to);
  if (!refresh) params.set('refresh', 'off');
  const query = params.toString();
  return query === '' ? '/' : `/?${query}`;
}

function filterForm(to: string, refresh: boolean): string {
  return `<form method="get" action="/" role="search">
<label for="to">Recipient (e-mail address or phone number)</label>
<input id="to" name="to" type="search" value="${e(to)}" autocomplete="off">
${refresh ? '' : '<input type="hidden" name="refresh" value="off">'}
<button type="submit">Filter</button>
${to ? `<a href="${e(listLink('', refresh))}">Show all</a>` : ''}
</form>`;
}

function refreshNotice(to: string, refresh: boolean): string {
  return refresh
    ? `<p>This page reloads every ${REFRESH_SECONDS} seconds. <a href="${e(listLink(to, false))}">Stop reloading</a></p>`
    : `<p>Reloading is off. <a href="${e(listLink(to, true))}">Reload every ${REFRESH_SECONDS} seconds</a></p>`;
}

function table(entries: readonly OutboxEntry[]): string {
  const rows = entries.map(
    (entry) => `<tr>
<td><time datetime="${e(entry.receivedAt.toISOString())}">${e(formatTime(entry.receivedAt))}</time></td>
<td>${entry.kind === 'email' ? 'E-mail' : 'SMS'}</td>
<td>${e(entry.to)}</td>
<td>${e(entry.from)}</td>
<td><a href="/messages/${encodeURIComponent(entry.id)}">${e(summary(entry))}</a></td>
</tr>`,
  );
  return `<table>
<caption>Sent messages, newest first</caption>
<thead><tr><th scope="col">Received</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">From</th><th scope="col">Message</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

export function messagePage(entry: OutboxEntry): string {
  const title = entry.kind === 'email' ? (entry.subject ?? '(no subject)') : `SMS to ${entry.to}`;
  const html =
    entry.html === undefined
      ? ''
      : `<h2>HTML version</h2>
<iframe sandbox="" title="HTML version of the e-mail" srcdoc="${e(entry.html)}"></iframe>`;
  return layout(
    title,
    `<p><a href="/">Back to the outbox</a></p>
<h1>${e(title)}</h1>
<dl>
<dt>Kind</dt><dd>${entry.kind === 'email' ? 'E-mail' : 'SMS'}</dd>
<dt>To</dt><dd>${e(entry.to)}</dd>
<dt>From</dt><dd>${e(entry.from)}</dd>
<dt>Received</dt><dd><time datetime="${e(entry.receivedAt.toISOString())}">${e(formatTime(entry.receivedAt))}</time></dd>
</dl>
<h2>Text</h2>
<pre>${e(entry.text)}</pre>
${html}`,
  );
}

export function notFoundPage(): string {
  return layout(
    'Not found',
    '<h1>Not found</h1>\n<p>No such message. Older messages are dropped when the outbox is full.</p>\n<p><a href="/">Back to the outbox</a></p>',
  );
}

function summary(entry: OutboxEntry): string {
  const text = entry.subject ?? entry.text.split('\n')[0] ?? '';
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || '(empty)';
}

function formatTime(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
