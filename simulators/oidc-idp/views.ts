// The person picker: one radio button per test person in a labelled group, a submit button, and a
// separate form that cancels. Server-rendered and usable without JavaScript.
import { html, type SafeHtml } from '../../src/web/html.ts';
import type { Offer } from './issuer-preset.ts';
import type { SimulatedPerson } from './persons.ts';
import { pickerText, type PickerLanguage } from './texts.ts';

export interface PickerView {
  language: PickerLanguage;
  brand: string;
  uid: string;
  client: string;
  offer: Offer;
  /** The line under a person's name: an address and domain, or a number and eID. */
  describe(person: SimulatedPerson): string;
  /** The person to preselect (Google preselects the `login_hint` account). */
  selected?: string | undefined;
  error?: string | undefined;
}

export function pickerPage(view: PickerView): string {
  const { language: lang, uid, offer } = view;
  const narrowed = offer.narrowedTo === '*' ? pickerText(lang, 'anyWorkspace') : offer.narrowedTo;
  const body = html`<p>${pickerText(lang, 'intro', { client: view.client })}</p>
${narrowed ? html`<p>${pickerText(lang, 'narrowed', { domain: narrowed })}</p>` : ''}
${view.error ? html`<p class="error" role="alert" id="picker-error">${view.error}</p>` : ''}
${offer.persons.length === 0 ? html`<p>${pickerText(lang, 'none')}</p>` : personForm(view)}
<form method="post" action="/interaction/${uid}/abort">
<button type="submit" class="secondary">${pickerText(lang, 'cancel')}</button>
</form>`;
  return layout(view, body);
}

function personForm(view: PickerView): SafeHtml {
  const { language: lang, uid } = view;
  const selected = view.selected ?? view.offer.persons[0]?.sub;
  const choices = view.offer.persons.map((person) => {
    const id = `person-${person.sub}`;
    const checked = person.sub === selected ? html` checked` : '';
    return html`<div class="choice">
<input type="radio" id="${id}" name="person" value="${person.sub}" required${checked}>
<label for="${id}">${person.givenName} ${person.familyName} <span>${view.describe(person)}</span></label>
</div>`;
  });
  return html`<form method="post" action="/interaction/${uid}/login">
<fieldset${view.error ? html` aria-describedby="picker-error"` : ''}><legend>${pickerText(lang, 'persons')}</legend>
${choices}
</fieldset>
<button type="submit">${pickerText(lang, 'continue')}</button>
</form>`;
}

function layout(view: PickerView, body: SafeHtml): string {
  const title = pickerText(view.language, 'title');
  return html`<!doctype html>
<html lang="${view.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${view.brand} (simulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
.banner{background:#fde68a;color:#111;padding:.5rem .75rem;border:2px solid #b45309}
fieldset{border:1px solid #888;padding:.5rem 1rem}.choice{margin:.5rem 0}label span{display:block;color:#333}
.error{color:#991b1b;font-weight:600}button{margin:.75rem .5rem 0 0;padding:.5rem 1rem}</style>
</head>
<body>
<p class="banner" role="note">${pickerText(view.language, 'banner', { brand: view.brand })}</p>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.value;
}
