// Bad input at the SAML service provider's doors: the assertion consumer service (HTTP-POST) and
// single logout (HTTP-Redirect). Generated SAMLResponse, SAMLRequest and RelayState values: not
// base64, not XML, invalid UTF-8, truncated, DOCTYPEs with entity expansion and external entities,
// deep nesting, control characters, duplicates, huge values. Expected: a 4xx with the calm
// translated page, never a 500 or a stack trace, no request left hanging, no outside fetch and
// nothing stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { UpstreamLogins } from '../../adapters/upstream-logins.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent } from '../support/user-agent.ts';
import { answerAtIdp, startSamlWorld, startStaffLogin, type SamlWorld } from '../upstream/saml-world.ts';

const NS =
  'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
const PASSWD = /root:x?:0:0/;
/**
 * Reports carry the failed assertion: a counterexample alone does not say which door misbehaved.
 * No shrinking: mapped documents of 200 kB shrink for minutes, and the first failure says enough.
 */
const RUNS = { numRuns: 60, includeErrorInReport: true, endOnFailure: true };
/** What the form parser answers for a body over its limit (an UTF-16 document in base64 can be). */
const TOO_LARGE = 413;
/** Node's own answer to a query beyond its 16 KiB header limit: a 4xx before Portvakt sees it. */
const HEADERS_TOO_LARGE = 431;

/** The browser's steps have no deadline of their own; a hung request must fail the run, not the suite. */
function within<T>(step: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>(
    (_, reject) => void (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)),
  );
  return Promise.race([step, deadline]).finally(() => clearTimeout(timer));
}
/** The calm page: the translated sentence in its alert paragraph. */
const CALM = /<p class="error" role="alert">[^<]*login service/;

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u001b[2J',
    '\r\n',
    '%00',
    '%ff%fe',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '{"a":',
    'a'.repeat(5000),
    '\ud800',
    'null',
    '[]',
    '====',
    'PD94bWw',
  ),
);

/** Documents an attacker would try, each with `root` as the element a parser would look for. */
function attacks(root: string, canary: string): string[] {
  const entities = Array.from(
    { length: 9 },
    (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ''};`.repeat(10)}">`,
  ).join('');
  return [
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${entities}]><samlp:${root} ${NS} ID="_l">&lol9;</samlp:${root}>`,
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><samlp:${root} ${NS} ID="_x"><saml:Issuer>&xxe;</saml:Issuer></samlp:${root}>`,
    `<!DOCTYPE r [<!ENTITY xxe SYSTEM "${canary}/entity">]><samlp:${root} ${NS}>&xxe;</samlp:${root}>`,
    `<!DOCTYPE r SYSTEM "${canary}/dtd"><samlp:${root} ${NS}/>`,
    `<!doctype r [<!ENTITY % p SYSTEM "${canary}/parameter"> %p;]><samlp:${root} ${NS}/>`,
    `<samlp:${root} ${NS} xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/><xi:include href="${canary}/xinclude"/></samlp:${root}>`,
    `<?xml-stylesheet type="text/xsl" href="${canary}/xslt"?><samlp:${root} ${NS}/>`,
    `<samlp:${root} ${NS} ID="_s"><ds:Signature/></samlp:${root}>`,
    `<samlp:${root} ${NS} ID="_s"><ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${canary}/c14n"/></ds:SignedInfo><ds:KeyInfo><ds:RetrievalMethod URI="${canary}/key"/></ds:KeyInfo></ds:Signature></samlp:${root}>`,
    `<samlp:${root} ${NS}><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a"><ds:Signature/></saml:Assertion></samlp:${root}>`,
    `<samlp:${root} ${NS}><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:EncryptedAssertion>${'<x>'.repeat(60)}${'</x>'.repeat(60)}</saml:EncryptedAssertion></samlp:${root}>`,
    `<samlp:${root} ${NS}></samlp:${root}><samlp:${root} ${NS}/>`,
    // Character references to what the database's JSON refuses, in text that reaches the audit log.
    `<samlp:${root} ${NS} ID="&#0;"><saml:Issuer>&#0;&#xD800;</saml:Issuer><samlp:Status><samlp:StatusCode Value="&#0;&#xD800;&#x1b;"/></samlp:Status></samlp:${root}>`,
    '',
    '\ufeff',
  ];
}

/** XML, well- or ill-formed, for a message whose root element is `root`; `genuine` is a real one to cut and bend. */
function documents(root: string, genuine: string, canary: string): fc.Arbitrary<string> {
  const deep = (inside: string) => (depth: number) =>
    `<samlp:${root} ${NS}>${inside}${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</samlp:${root}>`;
  return fc.oneof(
    // Cut short: the whole genuine answer is left out, as the replay store records it by design.
    fc.nat({ max: genuine.length - 1 }).map((end) => genuine.slice(0, end)),
    fc.constantFrom(...attacks(root, canary)),
    fc.integer({ min: 60, max: 30_000 }).map(deep('')),
    fc
      .integer({ min: 60, max: 20_000 })
      .map(deep('<saml:EncryptedAssertion>'))
      .map((xml) => xml.replace(`</samlp:${root}>`, `</saml:EncryptedAssertion></samlp:${root}>`)),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc
      .string({
        unit: fc.constantFrom(
          '\u0000',
          '\u0001',
          '\u0008',
          '\u001b',
          '\u007f',
          '\u0085',
          '\u2028',
          '\ufeff',
          '\ud800',
          '\udfff',
        ),
        minLength: 1,
        maxLength: 8,
      })
      .map((noise) => genuine.replace(/ID="/, `ID="${noise}`).replace(/>/, `>${noise}`)),
    fc.constant(`<!DOCTYPE r [<!ENTITY e "x">]>${genuine.replace(/<\?xml[^>]*\?>/, '')}`),
  );
}

/** The document as bytes: UTF-8, UTF-16, or UTF-8 with an invalid sequence spliced in. */
function encoded(xml: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  const invalid = fc.constantFrom(
    [0xff, 0xfe],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0x80],
    [0xe2, 0x82],
  );
  return fc.oneof(
    xml.map((text) => Buffer.from(text, 'utf8')),
    xml.map((text) => Buffer.from(`\ufeff${text}`, 'utf16le')),
    fc.tuple(xml, fc.nat(), invalid).map(([text, at, bytes]) => {
      const utf8 = Buffer.from(text, 'utf8');
      const cut = utf8.length === 0 ? 0 : at % utf8.length;
      return Buffer.concat([utf8.subarray(0, cut), Buffer.from(bytes), utf8.subarray(cut)]);
    }),
  );
}

/** A SAMLResponse as an HTTP-POST form carries it: base64 (maybe with MIME line breaks), or not base64 at all. */
const posted = (bytes: fc.Arbitrary<Buffer>) =>
  fc.oneof(
    bytes.map((value) => value.toString('base64')),
    bytes.map((value) => value.toString('base64').replace(/.{76}/g, '$&\r\n')),
    bytes.map((value) => value.toString('base64url')),
    hostile,
  );

/** A message as HTTP-Redirect carries it: deflated and base64, or only base64, or neither. */
const redirected = (bytes: fc.Arbitrary<Buffer>) =>
  fc.oneof(
    bytes.map((value) => deflateRawSync(value).toString('base64')),
    bytes.map((value) => value.toString('base64')),
    hostile,
  );

/** Every UTF-8 byte percent-encoded, so lone surrogates and NULs reach the server as bytes. */
const percentEncoded = (value: string) =>
  [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Junk a form or query may carry besides: repeated and nameless parameters, broken percent-encoding. */
const extras = fc.constantFrom(
  '',
  '&%ff=%fe',
  '&SAMLResponse',
  '&=x',
  '&RelayState=%zz',
  '&SAMLRequest=%',
  '&RelayState=&RelayState=',
  `&${'x'.repeat(3000)}=1`,
);

describe('bad input at the SAML service provider', () => {
  let world: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let canary: Server;
  let canaryUrl = '';
  const canaryHits: string[] = [];
  let genuineResponse = '';
  let genuineLogout = '';
  let stored: Record<string, number>;

  before(async () => {
    canary = createServer((req, res) => {
      canaryHits.push(req.url ?? '');
      res.end('<!ENTITY leak "leaked">');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
    world = await startSamlWorld();
    pv = await startPortvakt({
      config: {
        saml: [world.samlConfig('staff', { linking: { onNoMatch: 'provision' } })],
        policies: { default: { methods: ['saml.staff'] } },
      },
    });
    await world.trust(pv.issuer, 'staff');
    rp = await discover(pv.issuer);
    // Real messages, never accepted (the answer is not posted, the logout request is long expired):
    // the material that truncation and noise bend.
    const started = await startStaffLogin(new UserAgent(pv.issuer, 'en'), world, rp);
    const answer = await answerAtIdp(world, started.loginPage, 'anna');
    genuineResponse = Buffer.from(answer.fields.SAMLResponse!, 'base64').toString('utf8');
    genuineLogout = `<samlp:LogoutRequest ${NS} ID="_g" Version="2.0" IssueInstant="2001-01-01T00:00:00Z" Destination="${pv.issuer}/saml/staff/slo"><saml:Issuer>${world.idp.entityId}</saml:Issuer><saml:NameID>nid-anna</saml:NameID></samlp:LogoutRequest>`;
    stored = await counts();
  });
  after(async () => {
    await pv?.close();
    await world?.close();
    await new Promise<void>((resolve) => canary?.close(() => resolve()));
  });

  async function counts(): Promise<Record<string, number>> {
    const tables = ['upstream_assertions', 'upstream_sessions', 'identities', 'accounts'];
    const rows = await Promise.all(
      tables.map(
        async (table) =>
          (await pv.portvakt.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n,
      ),
    );
    return Object.fromEntries(tables.map((table, index) => [table, rows[index]!]));
  }

  /** No 5xx, no stack trace, no file contents; the request must end, so a hang fails the run. */
  async function calmAnswer(
    request: Promise<Response>,
    what: string,
  ): Promise<{ status: number; body: string; location: string | null }> {
    const response = await request;
    const body = await response.text();
    assert.ok(response.status < 500, `${what} answered ${response.status}: ${body.slice(0, 300)}`);
    assert.doesNotMatch(body, /at [\w.<>]+ \(.*:\d+:\d+\)|node_modules|SamlError|xmldom/, `${what} leaked internals`);
    assert.doesNotMatch(body, PASSWD, `${what} showed /etc/passwd`);
    return { status: response.status, body, location: response.headers.get('location') };
  }

  const timeout = () => AbortSignal.timeout(10_000);
  const postForm = (body: string) =>
    fetch(`${pv.issuer}/saml/staff/acs`, {
      method: 'POST',
      redirect: 'manual',
      signal: timeout(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body,
    });
  const slo = (query: string) =>
    fetch(`${pv.issuer}/saml/staff/slo?${query}`, {
      redirect: 'manual',
      signal: timeout(),
      headers: { 'accept-language': 'en' },
    });

  /** A login waiting at the IdP: the browser and the RelayState the ACS will accept once. */
  async function waitingLogin(): Promise<{ agent: UserAgent; relayState: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const atIdp = await within(agent.open(url.toString()), 'the start of a login');
    const relayState = new URL(atIdp.url).searchParams.get('RelayState');
    assert.ok(atIdp.url.startsWith(world.idp.url) && relayState, `expected to be sent to the IdP, got ${atIdp.url}`);
    return { agent, relayState };
  }

  async function assertNothingStored(): Promise<void> {
    assert.deepEqual(await counts(), stored, 'nothing stored');
    assert.deepEqual(canaryHits, [], 'no entity, DTD or include was fetched');
    const events = await pv.portvakt.audit.find({ type: ['login.upstream', 'logout.upstream'] });
    assert.doesNotMatch(
      JSON.stringify(events.map((event) => event.detail)),
      PASSWD,
      'no file contents in the audit log',
    );
  }

  test('the ACS, with an answer that names no login in progress, shows the calm page', async () => {
    await fc.assert(
      fc.asyncProperty(
        posted(encoded(documents('Response', genuineResponse, canaryUrl))),
        fc.option(hostile, { nil: undefined }),
        extras,
        async (samlResponse, relayState, extra) => {
          const form = new URLSearchParams({
            SAMLResponse: samlResponse,
            ...(relayState === undefined ? {} : { RelayState: relayState }),
          });
          const answer = await calmAnswer(postForm(`${form}${extra}`), `ACS ${form.toString().slice(0, 80)}${extra}`);
          if (answer.status === TOO_LARGE) return;
          assert.equal(answer.status, 400);
          assert.match(answer.body, CALM);
        },
      ),
      RUNS,
    );
    await assertNothingStored();
  });

  test('the ACS, with a login in progress, refuses every bent answer and tells the person calmly', async () => {
    await fc.assert(
      fc.asyncProperty(
        posted(encoded(documents('Response', genuineResponse, canaryUrl))),
        fc.boolean(),
        extras,
        async (samlResponse, repeat, extra) => {
          const { agent, relayState } = await waitingLogin();
          const form = new URLSearchParams({ SAMLResponse: samlResponse, RelayState: relayState });
          if (repeat) form.append('SAMLResponse', samlResponse);
          const what = `ACS ${samlResponse.slice(0, 60)}${repeat ? ' (twice)' : ''}${extra}`;
          const acs = await calmAnswer(postForm(`${form}${extra}`), what);
          if (acs.status === TOO_LARGE) return;
          if (acs.status === 400) return assert.match(acs.body, CALM, what);
          assert.equal(acs.status, 303, what);
          assert.match(acs.location ?? '', /\/interaction\/[^/]+\/saml\.staff\/complete$/);
          const page = await within(agent.open(acs.location!), what);
          assert.equal(page.status, 400, `${what}: ${page.html.slice(0, 300)}`);
          assert.match(page.html, CALM, what);
          assert.doesNotMatch(page.html, PASSWD);
        },
      ),
      RUNS,
    );
    await assertNothingStored();
  });

  test('a response whose Signature element cannot be read is refused, not a server error', async () => {
    const { agent, relayState } = await waitingLogin();
    const broken = Buffer.from(`<samlp:Response ${NS} ID="_s"><ds:Signature/></samlp:Response>`).toString('base64');
    const acs = await calmAnswer(
      postForm(new URLSearchParams({ SAMLResponse: broken, RelayState: relayState }).toString()),
      'ACS with an empty Signature',
    );
    assert.equal(acs.status, 303);
    const page = await agent.open(acs.location!);
    assert.equal(page.status, 400);
    assert.match(page.html, /could not be verified/);
    const [refusal] = await pv.portvakt.audit.find({ type: 'login.upstream', outcome: 'failure', latest: 1 });
    assert.equal(refusal?.detail.reason, 'signature');
  });

  test('text the database cannot hold (NUL, a lone surrogate) in a refused answer is audited, not a server error', async () => {
    const { agent, relayState } = await waitingLogin();
    const refused = `<samlp:Response ${NS} ID="_n"><saml:Issuer>&#0;</saml:Issuer><samlp:Status><samlp:StatusCode Value="&#0;&#xD800;&#x1b;"/></samlp:Status></samlp:Response>`;
    const acs = await calmAnswer(
      postForm(
        new URLSearchParams({
          SAMLResponse: Buffer.from(refused).toString('base64'),
          RelayState: relayState,
        }).toString(),
      ),
      'ACS with NUL in the status',
    );
    assert.equal(acs.status, 303);
    const page = await agent.open(acs.location!);
    assert.equal(page.status, 400);
    assert.match(page.html, /did not log you in/);
    const [refusal] = await pv.portvakt.audit.find({ type: 'login.upstream', outcome: 'failure', latest: 1 });
    assert.equal(refusal?.detail.reason, 'status');
    assert.equal(refusal?.detail.status, '\ufffd\ufffd\ufffd', 'kept, with what cannot be stored replaced');
  });

  test('huge answers: over the SAML limit a calm refusal, over the form limit 413', async () => {
    const { agent, relayState } = await waitingLogin();
    const overSaml = await calmAnswer(
      postForm(new URLSearchParams({ SAMLResponse: 'PD94'.repeat(100_000), RelayState: relayState }).toString()),
      'ACS 400 kB',
    );
    assert.equal(overSaml.status, 303);
    assert.match((await agent.open(overSaml.location!)).html, /could not be verified/);
    const overForm = await calmAnswer(
      postForm(new URLSearchParams({ SAMLResponse: 'PD94'.repeat(200_000), RelayState: 'x' }).toString()),
      'ACS 800 kB',
    );
    assert.equal(overForm.status, 413);
    await assertNothingStored();
  });

  test('single logout with unsigned, garbled queries shows the calm page', async () => {
    const part = fc.tuple(
      fc.constantFrom('SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature', 'saml', ''),
      fc.oneof(
        redirected(encoded(documents('LogoutRequest', genuineLogout, canaryUrl))).map(percentEncoded),
        hostile.map(percentEncoded),
        fc.constantFrom(
          '%ff%fe',
          '%zz',
          '%',
          '%c0%af',
          'a b',
          'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
          '%ED%A0%80',
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(part, { minLength: 0, maxLength: 6 }), extras, async (parts, extra) => {
        const query = `${parts.map(([name, value]) => `${name}=${value}`).join('&')}${extra}`;
        const answer = await calmAnswer(slo(query), `SLO ?${query.slice(0, 100)}`);
        if (answer.status === HEADERS_TOO_LARGE) return;
        assert.equal(answer.status, 400, query.slice(0, 200));
        assert.match(answer.body, CALM);
      }),
      RUNS,
    );
    await assertNothingStored();
  });

  test('single logout with broken messages the IdP did sign: refused, or the person continues', async () => {
    const upstream = new UpstreamLogins(pv.portvakt.db, createSealer(pv.config.secretKey!));
    const returnTo = `${TEST_CLIENT.post_logout_redirect_uris[0]!}?after=logout`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('SAMLRequest', 'SAMLResponse'),
        redirected(encoded(documents('LogoutRequest', genuineLogout, canaryUrl))),
        fc.option(hostile, { nil: undefined }),
        async (kind, message, relayState) => {
          // An answer needs a logout of Portvakt's own in progress to reach the XML at all.
          const pending =
            kind === 'SAMLResponse' && relayState === undefined ? randomBytes(16).toString('base64url') : undefined;
          if (pending)
            await upstream.beginLogout({ relayState: pending, method: 'saml.staff', requestId: '_sent', returnTo }, 60);
          // As a real IdP's query would carry them: well-formed UTF-16 (lone surrogates as U+FFFD).
          const wellFormed = (value: string) => Buffer.from(value).toString();
          const signed =
            kind === 'SAMLRequest' ? { SAMLRequest: wellFormed(message) } : { SAMLResponse: wellFormed(message) };
          const query = world.idp.signRedirectQuery(
            signed,
            pending ?? (relayState === undefined ? undefined : wellFormed(relayState)),
          );
          const answer = await calmAnswer(slo(query), `signed ${kind} ${message.slice(0, 60)}`);
          if (answer.status === HEADERS_TOO_LARGE) return;
          if (pending)
            return assert.equal(answer.location, returnTo, 'the person goes on to where their logout was headed');
          assert.equal(answer.status, 400);
          assert.match(answer.body, CALM);
        },
      ),
      RUNS,
    );
    await assertNothingStored();
  });

  test('a signed logout answer holding an empty document ends in a redirect, not a hung request', async () => {
    const upstream = new UpstreamLogins(pv.portvakt.db, createSealer(pv.config.secretKey!));
    const returnTo = TEST_CLIENT.post_logout_redirect_uris[0]!;
    await upstream.beginLogout({ relayState: 'empty-answer', method: 'saml.staff', requestId: '_sent', returnTo }, 60);
    const query = world.idp.signRedirectQuery(
      { SAMLResponse: deflateRawSync(Buffer.alloc(0)).toString('base64') },
      'empty-answer',
    );
    const answer = await calmAnswer(slo(query), 'signed empty LogoutResponse');
    assert.equal(answer.location, returnTo);
    const [last] = await pv.portvakt.audit.find({ type: 'logout.upstream', latest: 1 });
    assert.deepEqual([last?.outcome, last?.detail.stage], ['failure', 'answered']);
  });
});
