// No user enumeration: "forgot password" and self-registration answer an identity that has an
// account exactly as one that has none (the same status and page, once the per-login tokens and
// the typed values are set aside), and do the same work: an unknown address gets a decoy code row.
// Property tests draw the identities and inputs; example tests pin the wording.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { signStamp } from '../../interactions/registration/stamp.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

describe('forgot password tells nobody which addresses have accounts', () => {
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({ config: { ...messaging.config, policies: { default: { methods: ['password'] } } } });
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  /** The page with what differs by construction (uid, CSRF token, the typed address) taken out. */
  const comparable = (page: Page, address: string) =>
    page.html
      .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
      .replace(/name="csrf" value="[^"]+"/g, 'name="csrf" value="CSRF"')
      .replaceAll(address, 'ADDRESS');

  async function codeAnswer(address: string, code: string): Promise<{ sent: Page; answer: Page }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const login = await agent.open(url.toString());
    const sent = await agent.submit(await agent.open(`${login.url}/reset`), '/password/reset', { email: address });
    return { sent, answer: await agent.submit(sent, '/password/reset/code', { code }) };
  }

  for (const code of ['123456', 'ABCDEF', '']) {
    test(`a wrong code ${JSON.stringify(code)} reads the same for an address with an account and one without`, async () => {
      const known = await codeAnswer('bjorn.berg@example.org', code);
      const unknown = await codeAnswer('nobody.here@example.org', code);
      assert.equal(known.sent.status, unknown.sent.status);
      assert.equal(
        comparable(known.sent, 'bjorn.berg@example.org'),
        comparable(unknown.sent, 'nobody.here@example.org'),
      );
      assert.equal(known.answer.status, unknown.answer.status);
      assert.equal(
        comparable(known.answer, 'bjorn.berg@example.org'),
        comparable(unknown.answer, 'nobody.here@example.org'),
      );
      assert.match(known.answer.html, /not correct or no longer valid/);
    });
  }

  test('property: any address, any code typed any number of times, reads and works the same with or without an account', async () => {
    const codes = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Z2-9]{6}$/), fc.string({ maxLength: 12 }));
    const unknownAddress = fc.stringMatching(/^[a-z]{3,10}$/).map((local) => `${local}.nobody@example.org`);
    await fc.assert(
      fc.asyncProperty(unknownAddress, fc.array(codes, { minLength: 1, maxLength: 7 }), async (unknown, tries) => {
        await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'reset:%'");
        const known = await codeAnswers('bjorn.berg@example.org', tries);
        const other = await codeAnswers(unknown, tries);
        assert.equal(comparable(known.sent, 'bjorn.berg@example.org'), comparable(other.sent, unknown));
        known.answers.forEach((answer, index) => {
          assert.equal(answer.status, other.answers[index]!.status);
          assert.equal(
            comparable(answer, 'bjorn.berg@example.org'),
            comparable(other.answers[index]!, unknown),
            `try ${index + 1}`,
          );
        });
        // The same work behind the answers: a code row for each, counted the same.
        const rows = await pv.portvakt.db.query<{ destination: string; attempts: number; real: boolean }>(
          "SELECT destination, attempts, NOT decoy AS real FROM one_time_codes WHERE purpose = 'reset' AND uid = ANY($1::text[])",
          [[`reset:${known.uid}`, `reset:${other.uid}`]],
        );
        assert.deepEqual(rows.rows.map((row) => row.attempts).sort(), [tries.length, tries.length]);
        assert.deepEqual(rows.rows.map((row) => row.real).sort(), [false, true]);
      }),
      { numRuns: 8 },
    );
  });

  async function codeAnswers(address: string, tries: string[]): Promise<{ uid: string; sent: Page; answers: Page[] }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const login = await agent.open(url.toString());
    const uid = /\/interaction\/([^/?]+)/.exec(login.url)![1]!;
    const sent = await agent.submit(await agent.open(`${login.url}/reset`), '/password/reset', { email: address });
    const answers: Page[] = [];
    let page = sent;
    for (const code of tries) answers.push((page = await agent.submit(page, '/password/reset/code', { code })));
    return { uid, sent, answers };
  }
});

describe('self-registration tells nobody which addresses and numbers have accounts', () => {
  const ANNA_EMAIL = 'anna.andersson@example.org';
  const ANNA_NUMBER = '198506142382';
  let messaging: Messaging;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  let csrfKey: string;
  before(async () => {
    messaging = await startMessaging();
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        accounts: { organisations: ['Region Exempel'], registrationsPerHour: 1000 },
        policies: { default: { methods: ['password'], selfRegistration: true } },
      },
    });
    rp = await discover(pv.issuer);
    csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
  });
  after(async () => {
    await pv?.close();
    await messaging?.close();
  });

  async function register(email: string, personalNumber: string): Promise<Page> {
    const agent = new UserAgent(pv.issuer, 'en');
    const url = oidc.buildAuthorizationUrl(rp, {
      redirect_uri: TEST_CLIENT.redirect_uris[0]!,
      scope: 'openid',
      prompt: 'create',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const form = await agent.open(url.toString());
    const uid = /\/interaction\/([^/?]+)/.exec(form.url)![1]!;
    return agent.submit(form, '/register', {
      givenName: 'Astrid',
      familyName: 'Lindqvist',
      personalNumber,
      email,
      timeZone: 'Europe/Stockholm',
      organisation: 'Region Exempel',
      organisationOther: '',
      title: '',
      // As if the form had been shown five seconds ago: a person's pace, without waiting.
      stamp: signStamp(csrfKey, uid, Date.now() - 5000),
    });
  }

  const comparable = (page: Page, email: string) =>
    page.html
      .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
      .replace(/name="(csrf|stamp)" value="[^"]+"/g, 'name="$1" value="X"')
      .replaceAll(email, 'ADDRESS');

  test('property: a taken address, a taken number, both or neither all get the same "check your e-mail" page', async () => {
    const fresh = fc.stringMatching(/^[a-z]{3,10}$/).map((local) => `${local}.new@example.org`);
    await fc.assert(
      fc.asyncProperty(fresh, fc.constantFrom('address', 'number', 'both'), async (newEmail, taken) => {
        await pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'registration:%'");
        // Freshly made each run: a new address with a free number (Astrid's, removed again below).
        const free = await register(newEmail, '198503122387');
        const email = taken === 'number' ? `x${newEmail}` : ANNA_EMAIL;
        const collides = await register(email, taken === 'address' ? '198503122387' : ANNA_NUMBER);
        assert.match(free.html, /Check your e-mail/, 'the form was accepted, not refused for a field');
        assert.equal(collides.status, free.status);
        assert.equal(comparable(collides, email), comparable(free, newEmail), taken);
        await pv.portvakt.db.query(
          "DELETE FROM accounts WHERE id IN (SELECT account_id FROM identities WHERE type = 'email' AND value LIKE '%.new@example.org' AND value <> $1)",
          [ANNA_EMAIL],
        );
      }),
      { numRuns: 6 },
    );
  });
});
