// Pieces every form shares.
import type { InteractionContext } from '../context.ts';
import { html, type SafeHtml } from '../../src/web/html.ts';

export function csrfField(interaction: InteractionContext): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${interaction.csrf}">`;
}

export function errorSummary(message: string | undefined): SafeHtml | undefined {
  return message ? html`<p class="error" role="alert" id="form-error">${message}</p>` : undefined;
}
