// Admin API errors as JSON `{error, error_description}`: bad input is a 400 that names the field,
// known refusals keep their status, anything unexpected is logged and answered without detail.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import { isPortvaktError, type ErrorCode } from '../../kernel/errors.ts';

const API_ERROR: Partial<Record<ErrorCode, string>> = {
  invalid_input: 'invalid_request',
  not_found: 'not_found',
  conflict: 'conflict',
  rate_limited: 'rate_limited',
  database_unavailable: 'temporarily_unavailable',
};

export function adminErrors(logger: Logger) {
  return async function handleAdminErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      ctx.set('Cache-Control', 'no-store');
      if (error instanceof z.ZodError) {
        ctx.status = 400;
        ctx.body = {
          error: 'invalid_request',
          error_description: error.issues
            .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
            .join('; '),
        };
        return;
      }
      if (isPortvaktError(error) && error.status < 500) {
        ctx.status = error.status;
        ctx.body = { error: API_ERROR[error.code] ?? 'invalid_request', error_description: error.publicMessage };
        return;
      }
      const status = (error as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = {
          error: status === 404 ? 'not_found' : 'invalid_request',
          error_description: 'The request could not be read.',
        };
        return;
      }
      logger.error({ err: error }, 'admin API request failed');
      ctx.status = isPortvaktError(error) ? error.status : 500;
      ctx.body = {
        error: ctx.status === 503 ? 'temporarily_unavailable' : 'server_error',
        error_description: 'The request could not be completed.',
      };
    }
  };
}
