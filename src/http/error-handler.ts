// The one error middleware: logs what happened and answers in the person's language (HTML) or
// as JSON for programs. Nothing internal reaches the response.
import { screenLocale } from './screen.ts';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { Locale } from '../config/schema.ts';
import { html } from '../web/html.ts';
import { page } from '../web/layout.ts';
import { isPortvaktError, type ErrorCode } from '../../kernel/errors.ts';
import { translator, type PlainMessageKey } from '../i18n/translate.ts';

const PERSON_MESSAGE: Partial<Record<ErrorCode, PlainMessageKey>> = {
  interaction_expired: 'error.expired',
  csrf_failed: 'error.csrf',
  database_unavailable: 'error.database',
  not_found: 'error.notFound',
};

/** The service a person can go back to, when a page cannot go on; see src/provider/service-home.ts. */
export type ServiceLinkFinder = (ctx: Context) => Promise<{ name: string; url: string } | undefined>;

export function errorHandler(logger: Logger, fallback: Locale, findService?: ServiceLinkFinder) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.respond !== false && ctx.status === 404 && ctx.body === undefined) ctx.throw(404);
    } catch (error) {
      const known = isPortvaktError(error) ? error : undefined;
      const status = known?.status ?? (error as { status?: number }).status ?? 500;
      const code: ErrorCode =
        known?.code ?? (status === 404 ? 'not_found' : status < 500 ? 'invalid_input' : 'internal');
      if (status >= 500) logger.error({ err: error }, 'request failed');
      else logger.info({ code, status, detail: known?.detail }, 'request refused');
      ctx.status = status;
      const locale = screenLocale(ctx, fallback);
      const t = translator(locale);
      const personal = PERSON_MESSAGE[code];
      const message = personal ? t(personal) : status >= 500 ? t('error.generic') : t('error.oauth', { error: code });
      if (ctx.accepts('html', 'json') === 'json') {
        ctx.body = { error: code === 'internal' ? 'server_error' : code, error_description: message };
      } else {
        // An ended login is no dead end: the service it came from starts a new one (or, when the
        // person is still logged in, lets them straight in).
        const service = code === 'interaction_expired' ? await findService?.(ctx).catch(() => undefined) : undefined;
        ctx.type = 'html';
        ctx.body = page({
          locale,
          t,
          title: t('error.title'),
          body: html`<p class="error" role="alert">${message}</p>${service ? html`<p><a class="button" href="${service.url}">${t('error.backTo', { service: service.name })}</a></p>` : ''}`,
        });
      }
    }
  };
}
