// Portal errors with a code, and the middleware that turns any error into a calm page in the
// portal's language. What went wrong in detail stays in `cause` and the log, never on the page.
import type { Context, Next } from 'koa';
import { html, render } from './page.ts';

export type PortalErrorCode =
  | 'login_failed'
  | 'registration_unavailable'
  | 'form_expired'
  | 'not_found'
  | 'too_large'
  | 'bad_request'
  | 'server_error';

export class PortalError extends Error {
  constructor(
    readonly code: PortalErrorCode,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'PortalError';
  }
}

type Lang = 'sv' | 'nb';

const TEXT: Record<Lang, { title: string; home: string } & Record<PortalErrorCode, string>> = {
  sv: {
    title: 'Något gick fel',
    home: 'Till startsidan',
    login_failed: 'Inloggningen avbröts eller kunde inte slutföras. Börja om från startsidan.',
    registration_unavailable:
      'Det går inte att registrera sig just nu. Har du redan ett konto kan du logga in i stället.',
    form_expired: 'Formuläret har gått ut. Gå tillbaka, ladda om sidan och försök igen.',
    not_found: 'Sidan finns inte.',
    too_large: 'Det du skickade var för stort.',
    bad_request: 'Det gick inte att behandla begäran. Börja om från startsidan.',
    server_error: 'Portalen kunde inte svara just nu. Försök igen om en stund.',
  },
  nb: {
    title: 'Noe gikk galt',
    home: 'Til forsiden',
    login_failed: 'Innloggingen ble avbrutt eller kunne ikke fullføres. Begynn på nytt fra forsiden.',
    registration_unavailable:
      'Det går ikke å registrere seg akkurat nå. Har du allerede en konto, kan du logge inn i stedet.',
    form_expired: 'Skjemaet er utløpt. Gå tilbake, last inn siden på nytt og prøv igjen.',
    not_found: 'Siden finnes ikke.',
    too_large: 'Det du sendte, var for stort.',
    bad_request: 'Forespørselen kunne ikke behandles. Begynn på nytt fra forsiden.',
    server_error: 'Portalen kunne ikke svare akkurat nå. Prøv igjen om litt.',
  },
};

export function errorPages(lang: Lang, portalName: string) {
  const text = TEXT[lang];
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new PortalError('not_found', 404);
    } catch (error) {
      const { code, status } = classify(error);
      // Koa's own handler logs it; a refused login or a stale form is the person's, not a fault.
      if (status >= 500) ctx.app.emit('error', error, ctx);
      render(ctx, {
        lang,
        portalName,
        title: text.title,
        nav: html`<ul><li><a href="/">${text.home}</a></li></ul>`,
        body: html`<p class="error" role="alert">${text[code]}</p><p><a href="/">${text.home}</a></p>`,
        status,
      });
    }
  };
}

function classify(error: unknown): { code: PortalErrorCode; status: number } {
  if (error instanceof PortalError) return { code: error.code, status: error.status };
  const status = (error as { status?: unknown }).status;
  if (status === 404) return { code: 'not_found', status };
  if (typeof status === 'number' && status >= 400 && status < 500) return { code: 'bad_request', status };
  return { code: 'server_error', status: 500 };
}
