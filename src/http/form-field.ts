// Reading a posted form, as every screen does: one string per field, nothing else.
import type { Context } from 'koa';

/** One string value of a posted form field; repeated or non-text values count as missing. */
export function formField(ctx: Context, name: string): string | undefined {
  const body = (ctx.request as { body?: unknown }).body;
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
