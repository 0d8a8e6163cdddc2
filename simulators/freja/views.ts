// The simulated app's pages. Every value that reaches HTML goes through escapeHtml.
import type { SimulatedPerson } from './persons.ts';
import { appText, type AppLanguage, type PlainAppTextKey } from './texts.ts';
import type { Transaction } from './transactions.ts';

import { escapeHtml } from '../../src/web/html.ts';

export { escapeHtml };

function layout(lang: AppLanguage, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Freja simulator</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
.banner{background:#fde68a;color:#111;padding:.5rem .75rem;border:2px solid #b45309}
label{display:block;margin-top:.75rem;font-weight:600}input,select{width:100%;padding:.4rem;box-sizing:border-box}
button{margin:.75rem .5rem 0 0;padding:.5rem 1rem}</style></head>
<body><p class="banner" role="note">${escapeHtml(appText(lang, 'banner'))}</p>
<main><h1>Freja simulator</h1>
${body}
</main></body></html>`;
}

function personOptions(persons: readonly SimulatedPerson[], selected: string | undefined): string {
  return persons
    .map((person) => {
      const label = `${person.givenName} ${person.surname} (${person.registrationLevel}, ${person.email})`;
      return `<option value="${escapeHtml(person.id)}"${person.id === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    })
    .join('');
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

export function homePage(
  lang: AppLanguage,
  persons: readonly SimulatedPerson[],
  selected: string | undefined,
  reference: string,
  waiting: readonly Transaction[],
): string {
  const waitingList =
    waiting.length === 0
      ? `<p>${escapeHtml(appText(lang, 'noneWaiting'))}</p>`
      : `<ul>${waiting
          .map(
            (
              transaction,
            ) => `<li><form method="post" action="/open">${hidden({ lang, person: selected ?? '', reference: transaction.authRef })}
${escapeHtml(transaction.request.userInfo.type)} · ${escapeHtml(transaction.status)}
<button type="submit">${escapeHtml(appText(lang, 'open'))}</button></form></li>`,
          )
          .join('')}</ul>`;
  return layout(
    lang,
    `<form method="post" action="/open">${hidden({ lang })}
<label for="person">${escapeHtml(appText(lang, 'person'))}</label>
<select id="person" name="person">${personOptions(persons, selected)}</select>
<label for="reference">${escapeHtml(appText(lang, 'link'))}</label>
<input id="reference" name="reference" value="${escapeHtml(reference)}" autocomplete="off">
<button type="submit">${escapeHtml(appText(lang, 'open'))}</button>
</form>
<h2>${escapeHtml(appText(lang, 'waiting'))}</h2>
<form method="get" action="/">${hidden({ lang })}
<label for="show-person">${escapeHtml(appText(lang, 'person'))}</label>
<select id="show-person" name="person">${personOptions(persons, selected)}</select>
<button type="submit">${escapeHtml(appText(lang, 'showWaiting'))}</button></form>
${selected === undefined ? `<p>${escapeHtml(appText(lang, 'noPerson'))}</p>` : waitingList}`,
  );
}

export function transactionPage(
  lang: AppLanguage,
  person: SimulatedPerson,
  transaction: Transaction,
  levelOk: boolean,
): string {
  const required = transaction.request.minRegistrationLevel;
  const fields = { lang, person: person.id, authRef: transaction.authRef };
  const answer = (action: string, key: PlainAppTextKey): string =>
    `<form method="post" action="/${action}" style="display:inline">${hidden(fields)}<button type="submit">${escapeHtml(appText(lang, key))}</button></form>`;
  const attributes = transaction.request.attributes.map((name) => `<li>${escapeHtml(name)}</li>`).join('');
  const actions = levelOk
    ? answer('approve', 'approve') + answer('decline', 'decline') + answer('report', 'report')
    : `<p role="alert">${escapeHtml(appText(lang, 'levelTooLow', { actual: person.registrationLevel, required }))}</p>`;
  return layout(
    lang,
    `<h2>${escapeHtml(`${person.givenName} ${person.surname}`)}</h2>
<p>${escapeHtml(appText(lang, 'request'))} ${escapeHtml(appText(lang, 'level', { required }))}</p>
${attributes === '' ? '' : `<p>${escapeHtml(appText(lang, 'shares'))}</p><ul>${attributes}</ul>`}
${actions}
${backLink(lang, person.id)}`,
  );
}

export function messagePage(lang: AppLanguage, key: PlainAppTextKey, personId: string | undefined): string {
  return layout(lang, `<p role="status">${escapeHtml(appText(lang, key))}</p>${backLink(lang, personId)}`);
}

function backLink(lang: AppLanguage, personId: string | undefined): string {
  const query = new URLSearchParams({ lang, ...(personId === undefined ? {} : { person: personId }) });
  return `<p><a href="/?${escapeHtml(query.toString())}">${escapeHtml(appText(lang, 'back'))}</a></p>`;
}
