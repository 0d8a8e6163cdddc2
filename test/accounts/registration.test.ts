// Self-registration end to end: a relying party asks for prompt=create, the person fills in the
// form (every field checked on the server), an inactive account and an activation e-mail follow
// over real SMTP, the link activates once, and BankID then finds the account. Taken addresses and
// identity numbers and robots see the same "check your e-mail" screen and make nothing; a person
// who sent the form too fast gets it back to send again. The hourly limits: registration-abuse.test.ts.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from '../support/harness.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { signStamp } from '../../interactions/registration/stamp.ts';
import { isOfferedTimeZone, timeZoneChoices } from '../../interactions/registration/time-zones.ts';
import { validateConfig } from '../../src/config/load.ts';
import { launchBrowser } from '../support/browser.ts';

const ASTRID = '198503122387';
const PNR_CLAIM = 'https://id.oidc.se/claim/personalIdentityNumber';
const OPEN_RP = { ...TEST_CLIENT, login_policy: 'open' };
// A service with Norwegian users: its registration takes a fødselsnummer or D-number too.
const NORDIC_RP = {
  ...TEST_CLIENT,
  client_id: 'nordic-rp',
  client_name: 'Nordic RP',
  redirect_uris: ['http://127.0.0.1:9/nordic'],
  login_policy: 'nordic',
};
const CLOSED_RP = {
  ...TEST_CLIENT,
  client_id: 'closed-rp',
  client_name: 'Closed RP',
  redirect_uris: ['http://127.0.0.1:9/closed'],
  login_policy: 'closed',
};

/** A text to match as it is, inside a regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A valid Swedish personal identity number for a birth date, its check digit computed. */
function personalNumber(birth: string, serial: string): string {
  const nine = (birth + serial).slice(2);
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `${birth}${serial}${(10 - (sum % 10)) % 10}`;
}

describe('self-registration with activation by e-mail', () => {
  let messaging: Messaging;
  let world: EidWorld;
  let pv: TestPortvakt;
  let open: oidc.Configuration;
  let closed: oidc.Configuration;
  let nordic: oidc.Configuration;
  let csrfKey: string;

  before(async () => {
    [messaging, world] = await Promise.all([startMessaging(), startEidWorld()]);
    pv = await startPortvakt({
      config: {
        ...messaging.config,
        ...world.config(),
        accounts: {
          organisations: ['Exempelstads kommun', 'Region Exempel'],
          // One title as a plain text (the same in every language), one translated with a stable value.
          titles: ['Lärare', { value: 'sjukskoterska', sv: 'Sjuksköterska', nb: 'Sykepleier', en: 'Nurse' }],
          defaultTimeZone: 'Europe/Stockholm',
        },
        policies: {
          default: { methods: ['password'] },
          open: { methods: ['bankid', 'freja', 'password'], selfRegistration: true },
          closed: { methods: ['bankid', 'password'] },
          nordic: {
            methods: ['password'],
            selfRegistration: true,
            registrationNationalIds: ['se_personal_number', 'no_national_id'],
          },
        },
        clients: [OPEN_RP, CLOSED_RP, NORDIC_RP],
      },
    });
    [open, closed, nordic] = await Promise.all([
      discover(pv.issuer),
      discover(pv.issuer, CLOSED_RP.client_id),
      discover(pv.issuer, NORDIC_RP.client_id),
    ]);
    csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
  });
  after(async () => {
    await pv?.close();
    await world?.close();
    await messaging?.close();
  });
  const resetLimits = () => pv.portvakt.db.query("DELETE FROM throttle_counters WHERE key LIKE 'registration:%'");
  beforeEach(resetLimits);

  async function begin(language = 'en', config = open, options: { localAddress?: string; prompt?: string } = {}) {
    const agent = new UserAgent(
      pv.issuer,
      language,
      options.localAddress ? { localAddress: options.localAddress } : {},
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const redirect = (config === open ? OPEN_RP : config === nordic ? NORDIC_RP : CLOSED_RP).redirect_uris[0]!;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid profile email https://id.oidc.se/scope/naturalPersonNumber',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      prompt: options.prompt ?? 'create',
    });
    return { agent, verifier, page: await agent.open(url.toString()) };
  }

  const uidOf = (page: Page) =>
    /\/interaction\/([^/]+)\//.exec(new URL(page.url).pathname + '/')?.[1] ??
    assert.fail(`not an interaction page: ${page.url}`);

  /** The form's stamp as if the page had been shown five seconds ago: a person's pace, without waiting. */
  const humanPace = (page: Page) => signStamp(csrfKey, uidOf(page), Date.now() - 5000);

  function person(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      givenName: 'Astrid',
      familyName: 'Lindqvist',
      personalNumber: ASTRID,
      email: 'astrid.lindqvist@example.org',
      timeZone: 'Europe/Oslo',
      organisation: 'region exempel',
      organisationOther: '',
      title: 'sjukskoterska',
      ...overrides,
    };
  }

  async function send(
    agent: UserAgent,
    page: Page,
    fields: Record<string, string>,
    stamp: string | null = humanPace(page),
  ): Promise<Page> {
    // null keeps the stamp the form itself carries.
    return agent.submit(page, '/register', { ...fields, ...(stamp === null ? {} : { stamp }) });
  }

  async function accountCount(): Promise<number> {
    const { rows } = await pv.portvakt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    return rows[0]!.n;
  }

  async function refusals(reason: string): Promise<number> {
    const refused = await pv.portvakt.audit.find({ type: 'account.registration_refused' });
    return refused.filter((event) => event.detail.reason === reason).length;
  }

  const activationLinkIn = (text: string) => /(http:\/\/\S+\/activate\/[\w-]{43})/.exec(text)?.[1];

  test('a service with Norwegian users takes a fødselsnummer or D-number, checked, and never an H-number', async () => {
    const { agent, page } = await begin('nb', nordic);
    assert.match(page.html, /<label for="personalNumber">Svensk personnummer eller fødselsnummer<\/label>/);
    const typo = await send(agent, page, person({ personalNumber: '15078510151', email: 'ola@example.org' }));
    assert.equal(typo.status, 400);
    assert.match(typo.html, /id="personalNumber-error"/, 'a wrong check digit is named');
    const help = await send(agent, typo, person({ personalNumber: '15478510052', email: 'ola@example.org' }));
    assert.equal(help.status, 400);
    assert.match(help.html, /Dette er et H-nummer/);
    const future = await send(agent, help, person({ personalNumber: '01013550022', email: 'ola@example.org' }));
    assert.match(future.html, /fremtiden/, 'a birth date in the future is refused');
    const sent = await send(agent, future, person({ personalNumber: '150785 10150', email: 'ola@example.org' }));
    assert.equal(sent.status, 200, sent.html);
    const account = (await pv.portvakt.accounts.findByIdentity('email', 'ola@example.org'))!;
    const number = account.identities.find((identity) => identity.type === 'no_national_id');
    assert.deepEqual([number?.value, number?.verified], ['15078510150', false], 'typed, proving nothing yet');
    const registered = await pv.portvakt.audit.find({ type: 'account.registered', accountId: account.id });
    assert.equal(registered[0]!.detail.personalNumber, '150785*****', 'masked in the audit record');
    const dNumber = await begin('en', nordic);
    const withD = await send(
      dNumber.agent,
      dNumber.page,
      person({ personalNumber: '55078510063', email: 'kari.d@example.org' }),
    );
    assert.equal(withD.status, 200, withD.html);
    // A Swedish-only service refuses eleven digits with its own, Swedish-only, message.
    const swedish = await begin('en');
    const refused = await send(
      swedish.agent,
      swedish.page,
      person({ personalNumber: '15078510150', email: 'n@example.org' }),
    );
    assert.match(refused.html, /The personal identity number has 12 digits/);
  });

  test('prompt=create opens the registration form, in Swedish, Norwegian and English', async () => {
    const expected = {
      sv: ['Skapa ett konto', 'Förnamn', 'Tidszon', 'Sjuksköterska'],
      nb: ['Opprett en konto', 'Fornavn', 'Tidssone', 'Sykepleier'],
      en: ['Create an account', 'First name', 'Time zone', 'Nurse'],
    };
    for (const [language, [title, label, zone, nurse]] of Object.entries(expected)) {
      const { page } = await begin(language);
      assert.equal(page.status, 200, page.html);
      assert.match(page.url, /\/interaction\/[^/]+\/register$/);
      assert.match(page.html, new RegExp(`<h1>${title}</h1>`));
      assert.match(page.html, new RegExp(`<label for="givenName">${label}</label>`));
      assert.match(page.html, new RegExp(`<label for="timeZone">${zone}</label>`));
      assert.match(
        page.html,
        new RegExp(`<option value="Lärare">Lärare</option><option value="sjukskoterska">${nurse}</option>`),
        "a translated title in the screen's language, a plain one as written",
      );
    }
    const { page } = await begin('en');
    assert.match(page.html, /name="givenName"[^>]*autocomplete="given-name"/);
    assert.match(page.html, /name="familyName"[^>]*autocomplete="family-name"/);
    assert.match(page.html, /name="email"[^>]*autocomplete="work email"/);
    assert.match(page.html, /name="organisation"[^>]*list="organisations"[^>]*autocomplete="organization"/);
    assert.match(
      page.html,
      /<datalist id="organisations"><option value="Exempelstads kommun"><\/option><option value="Region Exempel"><\/option><option value="Other"><\/option><\/datalist>/,
    );
    assert.match(
      page.html,
      /<select id="timeZone" name="timeZone" required><option value="Europe\/Stockholm" selected>\(GMT\+0[12]:00\) Stockholm<\/option>/,
      'the configured time zone comes first, chosen beforehand, with its offset today',
    );
    assert.match(page.html, /<option value="America\/Buenos_Aires">\(GMT-03:00\) Buenos Aires<\/option>/);
    assert.equal(
      [...page.html.matchAll(/<option value="[A-Z][\w/+-]*">\(GMT/g)].length,
      Intl.supportedValuesOf('timeZone').length - 1,
      'every other zone the runtime knows, once',
    );
    assert.match(
      page.html,
      /<div class="visually-hidden"><label for="hp_note">Leave this field empty<\/label><input id="hp_note" name="hp_note" type="text" tabindex="-1"/,
    );
    assert.match(page.html, /name="stamp" value="\d+\.[\w-]{43}"/);
    assert.match(
      page.html,
      new RegExp(`href="/interaction/${uidOf(page)}/login"`),
      'a person with an account finds the login',
    );
  });

  test('every field is checked on the server, with its own message, and what was typed stays', async () => {
    const before = await accountCount();
    const { agent, page } = await begin('en');
    const cases: { fields: Record<string, string>; field: string; message: RegExp }[] = [
      {
        fields: { personalNumber: '198503122388' },
        field: 'personalNumber',
        message: /not valid\. Check that every digit is right/,
      },
      {
        fields: { personalNumber: personalNumber('19900230', '123') },
        field: 'personalNumber',
        message: /does not contain a valid date of birth/,
      },
      { fields: { personalNumber: '1985031223' }, field: 'personalNumber', message: /has 12 digits/ },
      {
        fields: { personalNumber: personalNumber('20850101', '123') },
        field: 'personalNumber',
        message: /date of birth in the personal identity number is in the future/,
      },
      {
        fields: { personalNumber: personalNumber('20850161', '123') },
        field: 'personalNumber',
        message: /is in the future/,
      },
      { fields: { email: 'not-an-email' }, field: 'email', message: /Enter an e-mail address such as/ },
      { fields: { givenName: '  ' }, field: 'givenName', message: /Enter your first name/ },
      { fields: { familyName: '' }, field: 'familyName', message: /Enter your last name/ },
      {
        fields: { organisation: 'Nowhere Incorporated' },
        field: 'organisation',
        message: /Choose an organisation from the list, or choose “Other”/,
      },
      {
        fields: { organisation: 'Other', organisationOther: '' },
        field: 'organisationOther',
        message: /Type the name of your organisation/,
      },
      { fields: { title: 'Astronaut' }, field: 'title', message: /Choose your employment title/ },
      { fields: { timeZone: 'Mars/Olympus_Mons' }, field: 'timeZone', message: /Choose a time zone/ },
    ];
    let current = page;
    for (const { fields, field, message } of cases) {
      const typed = person({ email: 'typed.values@example.org', ...fields });
      current = await send(agent, current, typed);
      assert.equal(current.status, 400, field);
      assert.match(
        current.html,
        /<div class="error" role="alert" id="form-error"[^>]*><p>Please check these details:<\/p>/,
      );
      assert.match(
        current.html,
        new RegExp(`<li><a href="#${field}">[^<]*${message.source}`),
        `${field} is in the summary`,
      );
      assert.match(current.html, new RegExp(`<p class="error" id="${field}-error">[^<]*${message.source}`));
      assert.match(
        current.html,
        new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="[^"]*${field}-error"`),
      );
      for (const name of ['givenName', 'familyName', 'personalNumber', 'email', 'organisationOther'] as const) {
        if (typed[name]!.trim())
          assert.match(
            current.html,
            new RegExp(`name="${name}"[^>]*value="${typed[name]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
            `${name} is kept`,
          );
      }
      if (field !== 'title')
        assert.match(
          current.html,
          /<option value="sjukskoterska" selected>Nurse<\/option>/,
          'the chosen title is kept',
        );
      if (field !== 'timeZone')
        assert.match(current.html, /<option value="Europe\/Oslo" selected>\(GMT/, 'the chosen time zone is kept');
    }
    const many = await send(agent, current, person({ givenName: '', familyName: '', email: 'x@', personalNumber: '' }));
    assert.equal([...many.html.matchAll(/<li><a href="#/g)].length, 4, 'all four wrong fields are listed at once');
    assert.equal(await accountCount(), before, 'nothing was made');
    assert.equal(messaging.outbox.list({ to: 'typed.values@example.org' }).length, 0);
  });

  test('a valid registration makes an inactive account and e-mails a link that activates once; BankID then finds the account', async () => {
    const email = 'astrid.lindqvist@example.org';
    const { agent, verifier, page } = await begin('en');
    const uid = uidOf(page);
    const sent = await send(agent, page, person({ email: ' Astrid.Lindqvist@Example.org ' }));
    assert.equal(sent.status, 200, sent.html);
    assert.match(sent.html, /<h1>Check your e-mail<\/h1>/);
    assert.match(sent.html, /We have sent a message to astrid\.lindqvist@example\.org/);

    const account = await pv.portvakt.accounts.findByLoginName(email);
    assert.ok(account);
    assert.equal(account.status, 'inactive');
    assert.equal(account.emailVerified, false);
    assert.deepEqual(
      {
        given: account.givenName,
        family: account.familyName,
        zone: account.timeZone,
        organisation: account.organisation,
        title: account.title,
        locale: account.locale,
      },
      {
        given: 'Astrid',
        family: 'Lindqvist',
        zone: 'Europe/Oslo',
        organisation: 'Region Exempel',
        title: 'sjukskoterska',
        locale: 'en',
      },
    );
    assert.deepEqual(
      account.identities
        .map(({ type, value, verified }) => ({ type, value, verified }))
        .sort((a, b) => a.type.localeCompare(b.type)),
      [
        { type: 'email', value: email, verified: false },
        { type: 'se_personal_number', value: ASTRID, verified: false },
      ],
    );

    const [mail, ...others] = messaging.outbox.list({ to: email });
    assert.equal(others.length, 0);
    assert.equal(mail!.subject, 'Activate your account for Test RP');
    assert.match(
      mail!.text,
      /you log in with BankID or Freja eID\+ using the Swedish personal identity number 19850312\*\*\*\*/,
    );
    assert.doesNotMatch(mail!.text, new RegExp(ASTRID), 'the full number is never e-mailed');
    const link = activationLinkIn(mail!.text) ?? assert.fail(mail!.text);
    const token = link.split('/').at(-1)!;
    const { rows: stored } = await pv.portvakt.db.query<{
      token_hash: string;
      interaction_uid: string;
      used_at: Date | null;
    }>('SELECT token_hash, interaction_uid, used_at FROM activation_tokens WHERE account_id = $1', [account.id]);
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token_hash, token, 'only a keyed hash of the token is kept');
    assert.equal(stored[0]!.interaction_uid, uid);
    const registered = await pv.portvakt.audit.find({ type: 'account.registered', accountId: account.id });
    assert.equal(registered[0]!.detail.personalNumber, '19850312****', 'masked in the audit record');

    // A mail scanner opening the link changes nothing.
    for (let i = 0; i < 2; i += 1) assert.equal((await fetch(link)).status, 200);
    assert.equal((await pv.portvakt.accounts.findById(account.id))!.status, 'inactive');

    const confirm = await agent.open(link);
    assert.match(confirm.html, /<h1>Activate your account<\/h1>/);
    const active = await agent.submit(confirm, '/activate/');
    assert.equal(active.status, 200, active.html);
    assert.match(active.html, /<h1>Your account is active<\/h1>/);
    assert.match(active.html, new RegExp(`href="/interaction/${uid}/login"`), 'the login that led here is still alive');
    // Opened on a phone, that login's cookie is elsewhere: the service's own page works anywhere.
    assert.match(active.html, /<a class="button" href="http:\/\/127\.0\.0\.1:9\/[^"]*">Log in to [^<]+<\/a>/);
    const activated = (await pv.portvakt.accounts.findById(account.id))!;
    assert.equal(activated.status, 'active');
    assert.equal(activated.emailVerified, true);
    assert.ok(activated.identities.some((identity) => identity.type === 'email' && identity.verified));
    const audited = await pv.portvakt.audit.find({
      type: 'account.activated',
      outcome: 'success',
      accountId: account.id,
    });
    assert.equal(audited.length, 1);

    const again = await agent.submit(confirm, '/activate/');
    assert.equal(again.status, 410, 'a link works once');
    assert.match(again.html, /This link cannot be used/);
    assert.equal((await agent.open(link)).status, 410);

    // Back to the login: BankID with the registered number reaches the new account.
    const chooser = await agent.open(`/interaction/${uid}/login`);
    const start = await agent.open(`/interaction/${uid}/bankid`);
    assert.equal(chooser.status, 200);
    const status = await agent.submit(start, '/bankid/start', { flow: 'qr' });
    const qr = /data-qr-content="([^"]+)"/.exec(status.html)?.[1] ?? assert.fail(status.html);
    world.bankid.app.scanQr(qr, ASTRID).approve();
    let done = status;
    for (let attempt = 0; attempt < 10 && done.html.includes('/bankid/cancel'); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2100));
      done = await agent.open(status.url);
    }
    // The number was only typed at registration: the eID holder is asked whether this account is theirs.
    assert.match(done.html, /Is this you\?/);
    assert.match(done.html, /Astrid Lindqvist/);
    done = await agent.submit(done, '/bankid/confirm', { mine: 'yes' });
    if (done.html.includes('/consent"')) done = await agent.submit(done, '/consent', { decision: 'allow' });
    assert.equal(done.html, '', `the login ends at the relying party:\n${done.html}`);
    const claims = (
      await oidc.authorizationCodeGrant(open, new URL(done.url), { pkceCodeVerifier: verifier })
    ).claims()!;
    assert.equal(claims.sub, account.id);
    assert.equal(claims[PNR_CLAIM], ASTRID);
    const claimed = (await pv.portvakt.accounts.findById(account.id))!;
    assert.equal(claimed.identities.find((identity) => identity.type === 'se_personal_number')?.verified, true);
    assert.equal(
      claimed.emailVerified,
      false,
      'the address was proven by whoever registered, not yet by the eID holder',
    );
  });

  test('an expired or unknown link gets one calm message', async () => {
    const email = 'expiring@example.org';
    const { agent, page } = await begin('sv');
    await send(agent, page, person({ email, personalNumber: personalNumber('19790767', '456') }));
    const link = activationLinkIn(messaging.outbox.list({ to: email })[0]!.text) ?? assert.fail('no link');
    const confirm = await agent.open(link);
    assert.equal(confirm.status, 200);
    const account = (await pv.portvakt.accounts.findByLoginName(email))!;
    assert.ok(
      account.identities.some((identity) => identity.value === personalNumber('19790767', '456')),
      'a coordination number (day + 60) is accepted',
    );
    await pv.portvakt.db.query(
      "UPDATE activation_tokens SET expires_at = now() - interval '1 second' WHERE account_id = $1",
      [account.id],
    );
    const expired = await agent.submit(confirm, '/activate/');
    assert.equal(expired.status, 410);
    assert.match(expired.html, /Den här länken kan inte användas/);
    assert.equal((await pv.portvakt.accounts.findById(account.id))!.status, 'inactive');
    const unknown = await new UserAgent(pv.issuer, 'sv').open(`/activate/${'A'.repeat(43)}`);
    assert.equal(unknown.status, 410);
    assert.match(unknown.html, /Den här länken kan inte användas/);
    const malformed = await new UserAgent(pv.issuer, 'sv').open('/activate/short');
    assert.equal(malformed.status, 410);
  });

  test('a taken e-mail address or identity number shows the same screen; the typed address learns nothing about the number', async () => {
    const fresh = await begin('en');
    const success = await send(
      fresh.agent,
      fresh.page,
      person({ email: 'first.timer@example.org', personalNumber: personalNumber('19920304', '111') }),
    );
    const normalised = (page: Page, email: string) =>
      page.html.replaceAll(uidOf(page), 'UID').replaceAll(email, 'EMAIL');
    const before = await accountCount();

    const byEmail = await begin('en');
    const emailTaken = await send(
      byEmail.agent,
      byEmail.page,
      person({ email: 'anna.andersson@example.org', personalNumber: personalNumber('19920304', '222') }),
    );
    const byNumber = await begin('en');
    const numberTaken = await send(
      byNumber.agent,
      byNumber.page,
      person({ email: 'someone.else@example.org', personalNumber: ANNA_PNR }),
    );
    for (const [page, email] of [
      [emailTaken, 'anna.andersson@example.org'],
      [numberTaken, 'someone.else@example.org'],
    ] as const) {
      assert.equal(page.status, success.status);
      assert.equal(
        normalised(page, email),
        normalised(success, 'first.timer@example.org'),
        'nothing on screen tells the cases apart',
      );
    }
    // The address's own account: its mailbox is told (only its owner reads it).
    const [mail] = messaging.outbox.list({ to: 'anna.andersson@example.org' });
    assert.equal(mail?.subject, 'You already have an account for Test RP');
    assert.match(mail!.text, /no new account was made/);
    assert.match(mail!.text, /Have an invitation or forgot your password\?/);
    assert.equal(activationLinkIn(mail!.text), undefined, 'an active account gets no activation link');
    // Someone else's number with one's own address: the same activation mail as any registration,
    // so the typed mailbox cannot learn whether the number has an account.
    const [typed] = messaging.outbox.list({ to: 'someone.else@example.org' });
    assert.equal(typed?.subject, messaging.outbox.list({ to: 'first.timer@example.org' })[0]!.subject);
    assert.ok(activationLinkIn(typed!.text));
    assert.equal(await accountCount(), before + 1, 'an account with the number typed, which proves nothing');
    const holders = await pv.portvakt.accounts.findAllByIdentity('se_personal_number', ANNA_PNR);
    assert.deepEqual(
      holders.map((holder) => holder.identities.find((identity) => identity.type === 'se_personal_number')!.verified),
      [true, false],
    );
    assert.equal(await refusals('duplicate_email'), 1);
    for (let attempt = 0; attempt < 20 && (await refusals('duplicate_identity_number')) === 0; attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await refusals('duplicate_identity_number'), 1, 'the verified holder is told at its own address');

    // The same person again before activating: the address's own account gets a new link.
    await resetLimits();
    const repeat = await begin('en');
    await send(
      repeat.agent,
      repeat.page,
      person({ email: 'first.timer@example.org', personalNumber: personalNumber('19920304', '111') }),
    );
    const [reminder] = messaging.outbox.list({ to: 'first.timer@example.org' });
    assert.equal(reminder!.subject, 'You already have an account for Test RP');
    const link = activationLinkIn(reminder!.text) ?? assert.fail(reminder!.text);
    const active = await repeat.agent.submit(await repeat.agent.open(link), '/activate/');
    assert.match(active.html, /Your account is active/);
    assert.equal(await accountCount(), before + 1, 'no account besides the typed-number one');
  });

  test('a filled honeypot and a forged stamp are turned away quietly', async () => {
    const before = await accountCount();
    const honey = await begin('en');
    const caught = await send(
      honey.agent,
      honey.page,
      person({
        email: 'bot1@example.org',
        personalNumber: personalNumber('19800101', '001'),
        hp_note: 'http://spam.example',
      }),
    );
    const forged = await begin('en');
    const madeUp = await send(
      forged.agent,
      forged.page,
      person({ email: 'bot3@example.org', personalNumber: personalNumber('19800101', '003') }),
      `${Date.now() - 60_000}.${'x'.repeat(43)}`,
    );
    const otherLogin = await begin('en');
    const borrowed = await send(
      forged.agent,
      forged.page,
      person({ email: 'bot4@example.org', personalNumber: personalNumber('19800101', '004') }),
      humanPace(otherLogin.page),
    );
    for (const page of [caught, madeUp, borrowed]) {
      assert.equal(page.status, 200);
      assert.match(page.html, /<h1>Check your e-mail<\/h1>/);
    }
    assert.equal(await accountCount(), before, 'nothing was made');
    for (const bot of ['bot1', 'bot3', 'bot4'])
      assert.equal(messaging.outbox.list({ to: `${bot}@example.org` }).length, 0);
    assert.equal(await refusals('honeypot'), 1);
    assert.equal(await refusals('forged_stamp'), 2);
  });

  test('a form sent within seconds of being shown comes back with everything kept, and goes through when sent again', async () => {
    const before = await accountCount();
    const shownAt = Date.now();
    const quick = await begin('sv');
    const typed = person({ email: 'quick.hand@example.org', personalNumber: personalNumber('19800101', '002') });
    const tooFast = await send(quick.agent, quick.page, typed, null);
    assert.equal(tooFast.status, 400);
    assert.doesNotMatch(tooFast.html, /Titta i din e-post/, 'not told that a message was sent');
    assert.match(
      tooFast.html,
      /<p class="error" role="alert" id="form-error">Formuläret skickades mycket snabbt, så vi tog inte emot det\. Kontrollera uppgifterna och skicka igen\.<\/p>/,
    );
    for (const name of ['givenName', 'familyName', 'personalNumber', 'email'] as const)
      assert.match(tooFast.html, new RegExp(`name="${name}"[^>]*value="${literal(typed[name]!)}"`), name);
    assert.match(tooFast.html, /<option value="Europe\/Oslo" selected>/);
    assert.match(tooFast.html, /<option value="sjukskoterska" selected>/);
    assert.equal(await accountCount(), before, 'nothing was made yet');
    assert.equal(messaging.outbox.list({ to: 'quick.hand@example.org' }).length, 0);
    assert.equal(await refusals('too_fast'), 1);

    // The person reads the message and sends the same form again, its own stamp now old enough.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownAt + 3100 - Date.now())));
    const resent = await send(quick.agent, tooFast, typed, null);
    assert.equal(resent.status, 200, resent.html);
    assert.match(resent.html, /Titta i din e-post/);
    assert.equal((await pv.portvakt.accounts.findByLoginName('quick.hand@example.org'))?.status, 'inactive');
    assert.equal(messaging.outbox.list({ to: 'quick.hand@example.org' }).length, 1);
  });

  test('a form left open for hours is sent again with nothing lost', async () => {
    const slow = await begin('en');
    const stale = await send(
      slow.agent,
      slow.page,
      person({ email: 'slow@example.org', personalNumber: personalNumber('19800101', '005') }),
      signStamp(csrfKey, uidOf(slow.page), Date.now() - 3 * 3600_000),
    );
    assert.equal(stale.status, 400);
    assert.match(stale.html, /open for a long time/);
    assert.match(stale.html, /value="slow@example\.org"/);
    const resent = await slow.agent.submit(
      stale,
      '/register',
      person({ email: 'slow@example.org', personalNumber: personalNumber('19800101', '005') }),
    );
    assert.match(resent.html, /Check your e-mail/);
    assert.equal((await pv.portvakt.accounts.findByLoginName('slow@example.org'))?.status, 'inactive');
  });

  test('a client whose policy has no self-registration gets 404 on /register and the chooser for prompt=create', async () => {
    const { agent, page } = await begin('en', closed);
    assert.equal(page.status, 200);
    assert.match(page.url, /\/interaction\/[^/]+$/);
    assert.match(page.html, /<h1>Log in<\/h1>/);
    assert.doesNotMatch(page.html, /\/register"/, 'no "Create an account" link');
    const register = await agent.open(`/interaction/${/\/interaction\/([^/?]+)/.exec(page.url)![1]}/register`);
    assert.equal(register.status, 404);

    const chooser = await begin('en', open, { prompt: 'login' });
    assert.match(chooser.page.html, /No account yet\? <a href="\/interaction\/[^/]+\/register">Create an account<\/a>/);
  });
  test("in Chromium, the form's selects and inputs are touch-sized, in the text's font, with a visible focus ring", async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
      const url = oidc.buildAuthorizationUrl(open, {
        redirect_uri: OPEN_RP.redirect_uris[0]!,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        prompt: 'create',
      });
      await page.goto(url.toString());
      await page.waitForSelector('form[action$="/register"]');
      // The account page's phone field has the same rule; a probe stands in for it here.
      await page.evaluate(() => {
        const { document } = globalThis as unknown as BrowserWindow;
        document
          .querySelector('form')
          .insertAdjacentHTML('beforeend', '<input id="probe-tel" type="tel"><input id="probe-bare">');
      });
      const measure = (selector: string) =>
        page.locator(selector).evaluate((element) => {
          const style = (globalThis as unknown as BrowserWindow).getComputedStyle(element);
          return {
            height: (element as { getBoundingClientRect(): { height: number } }).getBoundingClientRect().height,
            font: `${style.fontFamily} ${style.fontSize}`,
          };
        });
      const text = await measure('#givenName');
      for (const selector of ['#timeZone', '#title', '#email', '#personalNumber', '#probe-tel', '#probe-bare']) {
        const control = await measure(selector);
        assert.ok(control.height >= 44, `${selector} is ${control.height}px tall`);
        assert.equal(control.font, text.font, `${selector} uses the text inputs' font`);
      }
      assert.ok((await measure('button[type="submit"]')).height >= 44, 'the button too');

      // Reached by keyboard, the select shows a ring that stands out from the white page (WCAG 1.4.11: 3:1).
      await page.locator('#email').focus();
      await page.keyboard.press('Tab');
      const ring = await page.locator('#timeZone').evaluate((element) => {
        const window = globalThis as unknown as BrowserWindow;
        const style = window.getComputedStyle(element);
        return {
          focused: element === window.document.activeElement,
          style: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          color: style.outlineColor,
        };
      });
      assert.ok(ring.focused, 'Tab from the e-mail field reaches the time zone');
      assert.equal(ring.style, 'solid');
      assert.ok(ring.width >= 2, `outline ${ring.width}px`);
      assert.ok(
        contrastWithWhite(ring.color) >= 3,
        `focus ring ${ring.color} has ${contrastWithWhite(ring.color)}:1 on white`,
      );
    } finally {
      await browser.close();
    }
  });
});

/** The little of a browser window the Chromium checks use (the tests compile without the DOM library). */
interface BrowserWindow {
  document: {
    activeElement: unknown;
    querySelector(selector: string): { insertAdjacentHTML(where: string, html: string): void };
  };
  getComputedStyle(element: unknown): {
    fontFamily: string;
    fontSize: string;
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
  };
}

/** WCAG 2 contrast ratio of an `rgb(r, g, b)` colour against white. */
function contrastWithWhite(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number).map((value) => {
    const channel = value / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return Math.round((1.05 / (luminance + 0.05)) * 100) / 100;
}

describe('the time zones offered at registration', () => {
  const winter = new Date('2025-01-15T12:00:00Z');
  const summer = new Date('2025-07-15T12:00:00Z');

  test('labelled with the offset on the day, the configured zone first, then by offset and name', () => {
    const choices = timeZoneChoices('Europe/Stockholm', winter);
    assert.deepEqual(choices[0], { value: 'Europe/Stockholm', label: '(GMT+01:00) Stockholm' });
    assert.equal(timeZoneChoices('Europe/Stockholm', summer)[0]!.label, '(GMT+02:00) Stockholm', 'summer time counts');
    assert.equal(choices.length, Intl.supportedValuesOf('timeZone').length);
    assert.equal(new Set(choices.map((choice) => choice.value)).size, choices.length, 'each zone once');
    const label = (value: string) => choices.find((choice) => choice.value === value)?.label;
    // The runtime's own names (ICU keeps some older ones, such as Asia/Calcutta).
    assert.equal(label('America/Buenos_Aires'), '(GMT-03:00) Buenos Aires');
    assert.equal(label('Europe/London'), '(GMT+00:00) London');
    assert.equal(label('Asia/Calcutta'), '(GMT+05:30) Calcutta');
    assert.equal(label('America/St_Johns'), '(GMT-03:30) St Johns');
    const minutes = (text: string) => {
      const [, sign, hours, mins] = /^\(GMT([+-])(\d\d):(\d\d)\)/.exec(text)!;
      return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(mins));
    };
    const rest = choices.slice(1);
    for (let i = 1; i < rest.length; i += 1) {
      const [before, after] = [rest[i - 1]!.label, rest[i]!.label];
      const order = minutes(before) - minutes(after) || before.localeCompare(after, 'en');
      assert.ok(order <= 0, `${before} before ${after}`);
    }
    assert.equal(rest[0]!.label.slice(0, 11), '(GMT-11:00)', 'the far west first');
    assert.equal(rest.at(-1)!.label, '(GMT+14:00) Kiritimati', 'the far east last');
  });

  test("a configured zone outside the runtime's list (an alias such as UTC) is offered and accepted; made-up ones are not", () => {
    assert.deepEqual(timeZoneChoices('UTC', winter)[0], { value: 'UTC', label: '(GMT+00:00) UTC' });
    assert.equal(isOfferedTimeZone('UTC', 'UTC'), true);
    assert.equal(isOfferedTimeZone('UTC', 'Europe/Stockholm'), false);
    assert.equal(isOfferedTimeZone('Europe/Oslo', 'Europe/Stockholm'), true);
    assert.equal(isOfferedTimeZone('Mars/Olympus_Mons', 'Europe/Stockholm'), false);
    assert.equal(isOfferedTimeZone('(GMT+01:00) Stockholm', 'Europe/Stockholm'), false, 'the label is never the value');
  });
});

describe('accounts.titles in the configuration', () => {
  const titles = (value: unknown) => validateConfig({ accounts: { titles: value } }).accounts.titles;

  test('a plain text is the same in every language and stored as written; a translated one keeps its stable value', () => {
    assert.deepEqual(titles(['Lärare', { value: 'nurse', sv: 'Sjuksköterska', nb: 'Sykepleier', en: 'Nurse' }]), [
      { value: 'Lärare', sv: 'Lärare', nb: 'Lärare', en: 'Lärare' },
      { value: 'nurse', sv: 'Sjuksköterska', nb: 'Sykepleier', en: 'Nurse' },
    ]);
  });

  test('a translated title without a language, an unknown key or a repeated value stops the start, saying where', () => {
    assert.throws(
      () => titles(['Lärare', { value: 'nurse', sv: 'Sjuksköterska', en: 'Nurse' }]),
      /accounts\.titles\.1: a translated title needs value, sv, nb and en; missing nb/,
    );
    assert.throws(() => titles([{ sv: 'A', nb: 'A', en: 'A' }]), /accounts\.titles\.0: .*missing value/);
    assert.throws(
      () => titles([{ value: 'a', sv: 'A', nb: 'A', en: 'A', de: 'A' }]),
      /accounts\.titles\.0: unknown key\(s\) "de"/,
    );
    assert.throws(() => titles(['Chef', { value: 'Chef', sv: 'Chef', nb: 'Leder', en: 'Manager' }]), /same value/);
    assert.throws(() => titles(['']), /accounts\.titles\.0: Too small/);
  });

  test('the demo offers its titles in Swedish, Norwegian and English', async () => {
    const demo = parseYaml(await readFile(new URL('../../config/demo.yaml', import.meta.url), 'utf8')) as {
      accounts: { titles: unknown };
    };
    const offered = titles(demo.accounts.titles);
    assert.ok(offered.length > 0);
    for (const title of offered) assert.notEqual(title.nb === title.sv && title.en === title.sv, true, title.value);
    assert.deepEqual(
      offered.find((title) => title.value === 'larare'),
      {
        value: 'larare',
        sv: 'Lärare',
        nb: 'Lærer',
        en: 'Teacher',
      },
    );
  });
});
