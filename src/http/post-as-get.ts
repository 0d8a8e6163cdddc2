// A relying party may send the authorization request, and the logout request, as a POSTed form
// (OpenID Connect Core §3.1.2.1, RP-Initiated Logout §2). oidc-provider serves POST there only
// with a SameSite=None session cookie, which would send the session along with any cross-site
// POST. Portvakt keeps its Lax cookie and answers the form with 303 to the same endpoint with the
// same parameters as a query: the browser then makes the top-level GET that every relying party's
// redirect already makes, which carries the Lax session (single sign-on works) and is no new way
// in for a forged request. The cost is the URL length: a form over 16 KiB gets 413.
import type { IncomingMessage, ServerResponse } from 'node:http';

const LIMIT_BYTES = 16 * 1024;
const FORM = 'application/x-www-form-urlencoded';

export async function answerPostAsGet(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== FORM) return refuse(res, 415, `The request must be a form (${FORM}).`);
  const body = await readBody(req);
  if (body === undefined)
    return refuse(res, 413, 'The form is too large; send the request with GET or as a pushed authorization request.');
  // Re-encoded, so what reaches the GET is exactly the form's parameters, whatever the encoding quirks.
  const query = new URLSearchParams(body).toString();
  const path = (req.url ?? '/').split('?')[0]!;
  res.statusCode = 303;
  res.setHeader('Location', query ? `${path}?${query}` : path);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(res: ServerResponse, status: number, description: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify({ error: 'invalid_request', error_description: description }));
}
