// The bare provider's login screens, as small as a real password login can be: a form, one
// argon2id verification, and consent when oidc-provider asks for it. No CSRF, no throttling,
// no audit: that is the work Portvakt adds, and the comparison shows its cost.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { ACR } from '../../src/provider/vocabulary.ts';
import type { BareAccounts } from './bare-accounts.ts';

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/;

export function bareInteractions(provider: Provider, accounts: BareAccounts) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const match = ROUTE.exec(new URL(req.url ?? '/', 'http://x').pathname);
      if (!match) return send(res, 404, 'not found');
      const details = await provider.interactionDetails(req, res);
      const step = match[2];
      if (req.method === 'GET' && !step) return send(res, 200, page(details.uid, details.prompt.name));
      if (req.method !== 'POST' || !step) return send(res, 405, 'method not allowed');
      const form = new URLSearchParams(await readBody(req));
      if (step === 'login') {
        const accountId = await accounts.verify(form.get('username') ?? '', form.get('password') ?? '');
        if (!accountId) return send(res, 400, page(details.uid, 'login'));
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId, acr: ACR.loa1, amr: ['pwd'], remember: true } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      await consent(provider, req, res, details);
    } catch (error) {
      send(res, 500, error instanceof Error ? error.message : 'error');
    }
  };
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

async function consent(provider: Provider, req: IncomingMessage, res: ServerResponse, details: Details): Promise<void> {
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  const accountId = details.session?.accountId;
  if (details.prompt.name !== 'consent' || !accountId) return send(res, 400, 'no consent is asked for');
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId: details.params.client_id as string });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function page(uid: string, prompt: string): string {
  const form =
    prompt === 'login'
      ? `<form method="post" action="/interaction/${uid}/login"><input name="username"><input name="password" type="password"><button>Log in</button></form>`
      : `<form method="post" action="/interaction/${uid}/consent"><button>Allow</button></form>`;
  return `<!doctype html><html lang="en"><title>Log in</title>${form}</html>`;
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
