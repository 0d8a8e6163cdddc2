// Pieces every form shares, in a login or outside one.
import { html, type SafeHtml } from './html.ts';

/** The screen's CSRF token (src/http/screen.ts), as the hidden field every post carries. */
export function csrfField(screen: { csrf: string }): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${screen.csrf}">`;
}

export function errorSummary(message: string | undefined): SafeHtml | undefined {
  return message ? html`<p class="error" role="alert" id="form-error">${message}</p>` : undefined;
}
