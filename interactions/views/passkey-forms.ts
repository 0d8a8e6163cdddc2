// The passkey button, as every screen that has one renders it: a form that works as a form (the
// browser's answer goes in a hidden field and the form is posted), with the script passkey.js
// doing the part only a browser can. Without JavaScript or WebAuthn the form stays hidden and a
// sentence says why; the error line is shown by the script when the person cancels.
import { html, type SafeHtml } from '../../src/web/html.ts';

export type PasskeyCeremonyKind = 'login' | 'register' | 'autofill';

export interface PasskeyFormInput {
  kind: PasskeyCeremonyKind;
  /** Where the form posts the browser's answer. */
  action: string;
  /** Where the script asks for the ceremony's options (a POST carrying the form's CSRF field). */
  optionsUrl: string;
  csrf: SafeHtml;
  label: string;
  /** Shown when the browser's ceremony ends without an answer (cancelled, timed out). */
  cancelled: string;
  /** Shown instead of the form where passkeys cannot work. */
  unsupported: string;
  /** A name for a new passkey, with its label. */
  name?: { label: string; value: string } | undefined;
  secondary?: boolean;
  /** Further fields the post needs (a step's marker). */
  extra?: SafeHtml | undefined;
}

export function passkeyForm(input: PasskeyFormInput): SafeHtml {
  const id = `passkey-${input.kind}`;
  if (input.kind === 'autofill') {
    return html`<form method="post" action="${input.action}" data-passkey="autofill" data-passkey-options="${input.optionsUrl}" hidden>${input.csrf}<input type="hidden" name="credential"></form>`;
  }
  return html`<form method="post" action="${input.action}" id="${id}" data-passkey="${input.kind}" data-passkey-options="${input.optionsUrl}" hidden>${input.csrf}${input.extra ?? ''}
<input type="hidden" name="credential">
${
  input.name
    ? html`<label for="${id}-name">${input.name.label}</label>
<input id="${id}-name" name="name" type="text" maxlength="60" autocomplete="off" value="${input.name.value}">`
    : ''
}
<p class="error" role="alert" data-passkey-error hidden>${input.cancelled}</p>
<button type="submit"${input.secondary ? html` class="secondary"` : ''}>${input.label}</button>
</form>
<p class="muted" data-passkey-unsupported>${input.unsupported}</p>`;
}

/** The scripts a page with a passkey form loads: the WebAuthn library, then ours. */
export const PASSKEY_SCRIPTS: SafeHtml = html`<script src="/assets/webauthn.js" defer></script><script src="/assets/passkey.js" defer></script>`;
