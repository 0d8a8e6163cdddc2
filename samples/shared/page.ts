// The sample portals' page frame: server-rendered, every value escaped, a strict CSP, no JavaScript.
import type { Context } from 'koa';
import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.ts';

export { html, escapeHtml, SafeHtml } from './html.ts';

const STYLE =
  new SafeHtml(`body{font-family:system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1a1a1a}
a{color:#0b4f9c}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.error{color:#a40000;font-weight:bold}.status{background:#eef6ee;padding:.5rem}
:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}button{font-size:1rem;padding:.4rem .8rem}
input,textarea{font-size:1rem;max-width:100%;box-sizing:border-box}
main{overflow-wrap:anywhere}dt{font-weight:bold}dd{margin:0 0 .5rem 1rem}
table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.25rem .75rem .25rem 0}.nowrap{white-space:nowrap}`);
const STYLE_HASH = createHash('sha256').update(STYLE.value).digest('base64');

/** No scripts at all; the one stylesheet by its hash. Forms may post here and, for logout's redirect, to the issuer (Chrome checks redirects too). */
export function contentSecurityPolicy(issuer: string): string {
  return `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'self'; form-action 'self' ${new URL(issuer).origin}; frame-ancestors 'none'; base-uri 'none'`;
}

export interface PageOptions {
  lang: 'sv' | 'nb';
  portalName: string;
  title: string;
  nav: SafeHtml;
  body: SafeHtml;
  status?: number;
}

export function render(ctx: Context, options: PageOptions): void {
  ctx.status = options.status ?? 200;
  ctx.type = 'html';
  ctx.body = html`<!doctype html>
<html lang="${options.lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – ${options.portalName}</title>
<style>${STYLE}</style></head>
<body><header><p><strong>${options.portalName}</strong></p><nav aria-label="${options.lang === 'nb' ? 'Hovedmeny' : 'Huvudmeny'}">${options.nav}</nav></header>
<main><h1>${options.title}</h1>
${options.body}</main></body></html>`.value;
}
