// Journeys on the account page (/account) in Chromium, in Swedish, Norwegian bokmål and English,
// with the demo's `account` policy (config/demo.yaml): Exempelstads kommun's look, and phone numbers
// that change only from the office network (10.20.0.0/16). Björn (two phones, an e-mail address)
// logs in from outside the office: the page names the organisation, his numbers are listed with no
// form to change them and a word on where to go, and the Messages section lists the e-mails that
// cannot be switched off. He changes his password: a wrong current one and two new ones that differ
// are refused in his language, a good one is taken, the page stays logged in while another browser
// is logged out, and after logging out only the new password logs in. From the office (the proxy
// says X-Forwarded-For: 10.20.4.2) the same section has its forms and asks for no second factor: a
// number is removed and another added. Each language has its own Portvakt, so each starts afresh.
// A last check shows that the account page names Portvakt, in the organisation's look, only in the
// "provided by" line, as the README says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SqlAdapter } from '../../adapters/oidc-adapter.ts';
import { ACCOUNT_CLIENT_ID, accountPageClient } from '../../src/provider/account-client.ts';
import { loadOrCreateSecret } from '../../src/provider/secrets.ts';
import { createSealer } from '../../kernel/sealing.ts';
import { DEMO_PASSWORD, startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { startMessaging, type Messaging } from '../support/messaging.ts';
import { arrivedAt, demoPolicies, DESKTOP, Journey, journeyFolder, LANGS, type Lang } from './journey.ts';

const JOURNEY = 'account-page';
const BROWSER_LOCALE: Record<Lang, string> = { sv: 'sv-SE', nb: 'nb-NO', en: 'en-GB' };
/** An address in the demo's office network (10.20.0.0/16), as the municipality's proxy reports it. */
const OFFICE_ADDRESS = '10.20.4.2';
const BJORN = { username: 'bjorn', phones: ['+46701234567', '+46709876543'] };
/** The number Björn adds from the office, typed the way Swedes write it, and as Portvakt keeps it. */
const NEW_PHONE = { typed: '070-123 45 99', e164: '+46701234599' };

const TEXT: Record<
  Lang,
  {
    brand: string;
    title: string;
    chooser: string;
    username: RegExp;
    password: RegExp;
    logIn: string;
    loginWrong: string;
    signedIn: string;
    phonesHeading: string;
    onlyFromNetwork: string;
    stepUpNeeded: string;
    newPhone: string;
    addPhone: string;
    remove: string;
    phoneAdded: string;
    phoneRemoved: string;
    messagesHeading: string;
    alwaysHeading: string;
    alwaysIntro: string;
    always: string[];
    passwordHeading: string;
    currentPassword: string;
    newPassword: string;
    repeatPassword: string;
    changePassword: string;
    formErrors: string;
    currentWrong: string;
    mismatch: string;
    changed: string;
    logout: string;
    /** A good new password: long, not common, naming neither Björn nor his address. */
    fresh: string;
  }
> = {
  sv: {
    brand: 'Exempelstads kommun',
    title: 'Mitt konto',
    chooser: 'Användarnamn och lösenord',
    username: /^Användarnamn/,
    password: /^Lösenord$/,
    logIn: 'Logga in',
    loginWrong: 'Användarnamnet eller lösenordet stämmer inte. Kontrollera och försök igen.',
    signedIn: 'Du är inloggad som Björn Berg.',
    phonesHeading: 'Telefonnummer för sms-koder',
    onlyFromNetwork:
      'Telefonnumren som tar emot inloggningskoder kan bara ändras från organisationens eget nätverk, till exempel på kontoret. Öppna den här sidan därifrån.',
    stepUpNeeded:
      'För att ändra telefonnummer eller tvåstegsverifiering behöver du först bekräfta att det är du, med lösenord och en kod.',
    newPhone: 'Nytt mobilnummer',
    addPhone: 'Lägg till numret',
    remove: 'Ta bort',
    phoneAdded: 'Numret är tillagt.',
    phoneRemoved: 'Numret är borttaget.',
    messagesHeading: 'Meddelanden',
    alwaysHeading: 'E-post du alltid får',
    alwaysIntro: 'De här gäller tillgången till ditt konto, så de går inte att stänga av:',
    always: [
      'inbjudningar att skapa ett konto',
      'varningen innan kontot stängs av för att det inte används, och beskedet när det har stängts av',
      'säkerhetsmeddelanden när något ändras i hur du loggar in, eller när någon försöker gissa ditt lösenord',
      'engångskoder som du ber om när du loggar in eller bekräftar en adress',
    ],
    passwordHeading: 'Lösenord',
    currentPassword: 'Nuvarande lösenord',
    newPassword: 'Nytt lösenord',
    repeatPassword: 'Upprepa det nya lösenordet',
    changePassword: 'Byt lösenord',
    formErrors: 'Rätta det som är markerat nedan.',
    currentWrong:
      'Det nuvarande lösenordet stämmer inte. Skriv det igen, eller bekräfta att det är du med en kod i stället.',
    mismatch: 'Lösenorden i de två fälten är inte lika. Skriv samma lösenord i båda.',
    changed: 'Lösenordet är bytt. Du har loggats ut överallt utom här.',
    logout: 'Logga ut',
    fresh: 'Kanelbulle-och-kaffe-2026!',
  },
  nb: {
    brand: 'Exempelstads kommune',
    title: 'Min konto',
    chooser: 'Brukernavn og passord',
    username: /^Brukernavn/,
    password: /^Passord$/,
    logIn: 'Logg inn',
    loginWrong: 'Brukernavnet eller passordet er feil. Kontroller og prøv igjen.',
    signedIn: 'Du er logget inn som Björn Berg.',
    phonesHeading: 'Telefonnumre for SMS-koder',
    onlyFromNetwork:
      'Telefonnumrene som mottar innloggingskoder, kan bare endres fra organisasjonens eget nettverk, for eksempel på kontoret. Åpne denne siden derfra.',
    stepUpNeeded:
      'For å endre telefonnumre eller totrinnsbekreftelse må du først bekrefte at det er deg, med passord og en kode.',
    newPhone: 'Nytt mobilnummer',
    addPhone: 'Legg til nummeret',
    remove: 'Fjern',
    phoneAdded: 'Nummeret er lagt til.',
    phoneRemoved: 'Nummeret er fjernet.',
    messagesHeading: 'Meldinger',
    alwaysHeading: 'E-post du alltid får',
    alwaysIntro: 'Disse gjelder tilgangen til kontoen din, så de kan ikke slås av:',
    always: [
      'invitasjoner til å opprette en konto',
      'varselet før kontoen deaktiveres fordi den ikke brukes, og beskjeden når den er deaktivert',
      'sikkerhetsmeldinger når noe endres i hvordan du logger inn, eller når noen prøver å gjette passordet ditt',
      'engangskoder du ber om når du logger inn eller bekrefter en adresse',
    ],
    passwordHeading: 'Passord',
    currentPassword: 'Nåværende passord',
    newPassword: 'Nytt passord',
    repeatPassword: 'Gjenta det nye passordet',
    changePassword: 'Bytt passord',
    formErrors: 'Rett det som er markert nedenfor.',
    currentWrong:
      'Det nåværende passordet stemmer ikke. Skriv det på nytt, eller bekreft at det er deg med en kode i stedet.',
    mismatch: 'Passordene i de to feltene er ikke like. Skriv det samme passordet i begge.',
    changed: 'Passordet er byttet. Du er logget ut overalt unntatt her.',
    logout: 'Logg ut',
    fresh: 'Brunost-og-vafler-2026!',
  },
  en: {
    brand: 'Exempelstad Municipality',
    title: 'My account',
    chooser: 'Username and password',
    username: /^Username/,
    password: /^Password$/,
    logIn: 'Log in',
    loginWrong: 'The username or password is not correct. Check them and try again.',
    signedIn: 'You are logged in as Björn Berg.',
    phonesHeading: 'Phone numbers for text-message codes',
    onlyFromNetwork:
      'The phone numbers that receive login codes can be changed only from the organisation’s own network, for example at the office. Open this page from there.',
    stepUpNeeded:
      'To change phone numbers or two-step verification, first confirm it is you with your password and a code.',
    newPhone: 'New mobile number',
    addPhone: 'Add the number',
    remove: 'Remove',
    phoneAdded: 'The number has been added.',
    phoneRemoved: 'The number has been removed.',
    messagesHeading: 'Messages',
    alwaysHeading: 'E-mails you always get',
    alwaysIntro: 'These concern access to your account, so they cannot be switched off:',
    always: [
      'invitations to create an account',
      'the warning before the account is switched off for lack of use, and the notice once it has been',
      'security notices when something changes in how you log in, or when someone tries to guess your password',
      'one-time codes you ask for when you log in or confirm an address',
    ],
    passwordHeading: 'Password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    changePassword: 'Change password',
    formErrors: 'Please correct what is marked below.',
    currentWrong: 'The current password is not correct. Type it again, or confirm it is you with a code instead.',
    mismatch: 'The passwords in the two fields are not the same. Type the same password in both.',
    changed: 'The password has been changed. You have been logged out everywhere except here.',
    logout: 'Log out',
    fresh: 'Harbour-lights-at-dusk-2026!',
  },
};

/** Until the provider declares the client statically, it is stored the way the CLI stores one. */
async function storeAccountClient(pv: TestPortvakt): Promise<void> {
  const csrfKey = await loadOrCreateSecret(pv.portvakt.db, createSealer(pv.config.secretKey!), 'csrf-key');
  await new SqlAdapter(pv.portvakt.db, 'Client').upsert(
    ACCOUNT_CLIENT_ID,
    { ...accountPageClient(pv.config, csrfKey) },
    0,
  );
}

describe('journeys on the account page', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
    console.log(`# screenshots: ${journeyFolder(JOURNEY)}`);
  });
  after(async () => {
    await browser?.close();
  });

  for (const lang of LANGS) {
    describe(`in ${lang}`, () => {
      const text = TEXT[lang];
      let pv: TestPortvakt;
      let messaging: Messaging;
      let journey: Journey;
      /** Björn's password as it stands: the demo's, until the second journey changes it. */
      let password = DEMO_PASSWORD;
      before(async () => {
        const demo = await demoPolicies();
        messaging = await startMessaging();
        pv = await startPortvakt({
          config: {
            ...messaging.config,
            ...demo,
            http: { trustedProxies: ['127.0.0.1'] },
            accounts: { accountPagePolicy: 'account' },
          },
        });
        await storeAccountClient(pv);
        journey = new Journey(browser, JOURNEY, lang);
      });
      after(async () => {
        await journey?.close();
        await pv?.close();
        await messaging?.close();
      });

      /** The login the account page sends the browser to: the way in, then the password form. */
      async function logIn(page: Page, secret: string, screens?: { chooser: string; password: string }): Promise<void> {
        await page.getByRole('link', { name: text.chooser }).waitFor();
        await carriesBrand(page, 'login');
        if (screens) await journey.portvakt(page, screens.chooser);
        await page.getByRole('link', { name: text.chooser }).click();
        await page.getByLabel(text.password).waitFor();
        await carriesBrand(page, 'password');
        if (screens) await journey.portvakt(page, screens.password);
        await page.getByLabel(text.username).fill(BJORN.username);
        await page.getByLabel(text.password).fill(secret);
        await page.getByRole('button', { name: text.logIn, exact: true }).click();
      }

      /** The account page, logging in first if the browser has no page session. */
      async function openAccount(page: Page): Promise<void> {
        await page.goto(`${pv.issuer}/account`);
        if (new URL(page.url()).pathname !== '/account') {
          await logIn(page, password);
          await onAccountPage(page);
        }
      }

      async function onAccountPage(page: Page): Promise<void> {
        await page.waitForURL((url) => url.pathname === '/account');
        await page.getByRole('heading', { level: 1, name: text.title }).waitFor();
        assert.equal(await page.getByText(text.signedIn).count(), 1, `${page.url()}: ${text.signedIn}`);
      }

      /** The header names the organisation in the journey's language, with its logo; Portvakt stays out of it. */
      async function carriesBrand(page: Page, screen: string): Promise<void> {
        const header = page.locator('header.top');
        assert.equal((await header.locator('.brand').innerText()).trim(), text.brand, `${screen}: the header`);
        assert.equal(await header.locator('img.brand-logo').count(), 1, `${screen}: the organisation's logo`);
        assert.doesNotMatch(await header.innerText(), /Portvakt/, `${screen}: no Portvakt in the header`);
        assert.match(await page.title(), new RegExp(`– ${text.brand}$`), `${screen}: the title names the organisation`);
      }

      const phoneSection = (page: Page): Locator => page.locator('section[aria-labelledby="phones"]');
      const passwordSection = (page: Page): Locator => page.locator('section[aria-labelledby="password"]');

      /** The numbers the phone section lists, each as the first word of its item. */
      async function listedPhones(page: Page): Promise<string[]> {
        const items = await phoneSection(page).getByRole('listitem').allInnerTexts();
        return items.map((item) => item.trim().split(/\s+/)[0]!);
      }

      async function fillPasswordForm(page: Page, current: string, fresh: string, repeat: string): Promise<void> {
        const section = passwordSection(page);
        await section.getByLabel(text.currentPassword).fill(current);
        await section.getByLabel(text.newPassword, { exact: true }).fill(fresh);
        await section.getByLabel(text.repeatPassword).fill(repeat);
        await section.getByRole('button', { name: text.changePassword }).click();
      }

      test(`from outside the office: the page in the organisation's look, phones listed but not changeable, the e-mails always sent (${lang})`, async () => {
        const page = await journey.page();
        await page.goto(`${pv.issuer}/account`);
        await arrivedAt(page, pv.issuer);
        assert.match(page.url(), /\/interaction\//, 'without a page session the browser is sent to log in');
        await journey.pickLanguage(page);
        await logIn(page, password, { chooser: 'login', password: 'password' });
        await onAccountPage(page);
        await carriesBrand(page, 'account');
        await journey.portvakt(page, 'account');

        // The phone numbers: listed, with no form that could only be refused, and where to go instead.
        const phones = phoneSection(page);
        assert.equal((await phones.getByRole('heading', { level: 2 }).innerText()).trim(), text.phonesHeading);
        assert.deepEqual(await listedPhones(page), BJORN.phones);
        assert.equal((await phones.locator('p.muted').innerText()).trim(), text.onlyFromNetwork);
        assert.equal(await phones.locator('form').count(), 0, 'no add or remove form outside the office');
        assert.equal(await phones.getByRole('textbox').count(), 0);
        assert.equal(await phones.getByRole('button').count(), 0);
        assert.equal(await phones.getByRole('link').count(), 0, 'no step-up offered: it would not help');
        assert.equal(await page.getByLabel(text.newPhone).count(), 0);
        assert.ok(!(await phones.innerText()).includes(text.stepUpNeeded), 'no second factor offered either');

        // Messages: the choices, then the e-mails that cannot be switched off.
        const messages = page.locator('section[aria-labelledby="notifications"]');
        assert.equal((await messages.getByRole('heading', { level: 2 }).innerText()).trim(), text.messagesHeading);
        assert.equal(await messages.getByRole('radio').count(), 3, 'straight away, weekly, none');
        const always = messages.getByRole('list', { name: text.alwaysHeading });
        assert.equal(
          (await messages.getByRole('heading', { level: 3, name: text.alwaysHeading }).innerText()).trim(),
          text.alwaysHeading,
        );
        assert.ok((await messages.innerText()).includes(text.alwaysIntro), text.alwaysIntro);
        assert.deepEqual(
          (await always.getByRole('listitem').allInnerTexts()).map((item) => item.trim()),
          text.always,
        );
        await page.close();
      });

      test(`the password is changed with the current one: wrong and mismatched tries are refused, then only the new one logs in (${lang})`, async () => {
        // Another browser of Björn's, logged in before the change.
        const elsewhere = await browser.newContext({ locale: BROWSER_LOCALE[lang], viewport: DESKTOP });
        elsewhere.setDefaultTimeout(15_000);
        const other = await elsewhere.newPage();
        await other.goto(`${pv.issuer}/account`);
        await logIn(other, password);
        await onAccountPage(other);

        const page = await journey.page();
        await openAccount(page);
        const section = passwordSection(page);
        assert.equal((await section.getByRole('heading', { level: 2 }).innerText()).trim(), text.passwordHeading);
        await section.scrollIntoViewIfNeeded();
        await journey.portvakt(page, 'account-password');

        // A wrong current password: refused, in the journey's language, and no password sent back.
        await fillPasswordForm(page, 'inte-det-har-alls', text.fresh, text.fresh);
        await section.getByRole('alert').waitFor();
        assert.equal((await page.locator('#form-error').innerText()).trim(), text.formErrors);
        assert.equal((await section.getByRole('alert').innerText()).trim(), text.currentWrong);
        assert.equal(await section.getByLabel(text.currentPassword).getAttribute('aria-invalid'), 'true');
        assert.ok(!(await page.content()).includes(text.fresh), 'the page never sends a password back');
        await journey.portvakt(page, 'password-current-wrong');

        // The right current password, but the new one typed differently twice.
        await fillPasswordForm(page, password, text.fresh, `${text.fresh}x`);
        await section.getByRole('alert').waitFor();
        assert.equal((await section.getByRole('alert').innerText()).trim(), text.mismatch);
        assert.equal(await section.getByLabel(text.repeatPassword).getAttribute('aria-invalid'), 'true');
        await journey.portvakt(page, 'password-mismatch');

        // A good one: changed, every other session ended, this page goes on.
        await fillPasswordForm(page, password, text.fresh, text.fresh);
        await page.waitForURL(
          (url) => url.pathname === '/account' && url.searchParams.get('done') === 'passwordChanged',
        );
        assert.equal((await page.getByRole('status').innerText()).trim(), text.changed);
        const old = password;
        password = text.fresh;
        await journey.portvakt(page, 'password-changed');
        await page.goto(`${pv.issuer}/account`);
        await onAccountPage(page);

        await other.goto(`${pv.issuer}/account`);
        await arrivedAt(other, pv.issuer);
        assert.match(other.url(), /\/interaction\//, 'the other browser is logged out and asked to log in');
        await elsewhere.close();

        // Logging out: through Portvakt's end_session with the page's ID token as hint, so nothing is
        // asked; back on /account, the page asks for a login again.
        const atPortvakt: string[] = [];
        const noteRequest = (request: { url(): string; method(): string }) => {
          const url = new URL(request.url());
          if (url.pathname.startsWith('/session/end') || url.pathname === '/account/logout')
            atPortvakt.push(`${request.method()} ${url.pathname}`);
        };
        page.on('request', noteRequest);
        await page.getByRole('button', { name: text.logout, exact: true }).click();
        await page.waitForURL(/\/interaction\//);
        page.off('request', noteRequest);
        assert.deepEqual(atPortvakt, ['POST /account/logout', 'GET /session/end', 'POST /session/end/confirm']);
        await page.getByRole('link', { name: text.chooser }).waitFor();
        await journey.portvakt(page, 'login-after-logout');

        // The old password no longer logs in; the new one does.
        await logIn(page, old);
        await page.getByRole('alert').waitFor();
        assert.equal((await page.getByRole('alert').innerText()).trim(), text.loginWrong);
        assert.match(page.url(), /\/interaction\//);
        await journey.portvakt(page, 'password-old-refused');
        await page.getByLabel(text.username).fill(BJORN.username);
        await page.getByLabel(text.password).fill(password);
        await page.getByRole('button', { name: text.logIn, exact: true }).click();
        await onAccountPage(page);
        await journey.portvakt(page, 'account-new-password');
        await page.close();
      });

      test(`from the office network: a number is removed and another added, no second factor asked (${lang})`, async () => {
        const office: BrowserContext = await browser.newContext({
          locale: BROWSER_LOCALE[lang],
          viewport: DESKTOP,
          extraHTTPHeaders: { 'X-Forwarded-For': OFFICE_ADDRESS },
        });
        office.setDefaultTimeout(15_000);
        try {
          const page = await office.newPage();
          await page.goto(`${pv.issuer}/account`);
          await arrivedAt(page, pv.issuer);
          await logIn(page, password, { chooser: 'office-login', password: 'office-password' });
          await onAccountPage(page);
          await carriesBrand(page, 'office-account');
          await journey.portvakt(page, 'office-account');

          // The forms are there, and nothing asks for a second factor first.
          const phones = phoneSection(page);
          assert.deepEqual(await listedPhones(page), BJORN.phones);
          for (const number of BJORN.phones)
            assert.equal(await phones.getByRole('button', { name: `${text.remove} ${number}` }).count(), 1, number);
          assert.equal(await phones.getByLabel(text.newPhone).count(), 1);
          assert.equal(await phones.getByRole('button', { name: text.addPhone }).count(), 1);
          const said = await phones.innerText();
          assert.ok(!said.includes(text.stepUpNeeded), 'no second factor asked for');
          assert.ok(!said.includes(text.onlyFromNetwork), 'no word about the network: this is it');
          assert.equal(await phones.getByRole('link').count(), 0, 'no step-up link');

          // Two numbers is the most: one goes first.
          await phones.getByRole('button', { name: `${text.remove} ${BJORN.phones[1]}` }).click();
          await page.waitForURL((url) => url.searchParams.get('done') === 'phoneRemoved');
          assert.equal((await page.getByRole('status').innerText()).trim(), text.phoneRemoved);
          assert.deepEqual(await listedPhones(page), [BJORN.phones[0]]);
          await journey.portvakt(page, 'office-phone-removed');

          await phones.getByLabel(text.newPhone).fill(NEW_PHONE.typed);
          await phones.getByRole('button', { name: text.addPhone }).click();
          await page.waitForURL((url) => url.searchParams.get('done') === 'phoneAdded');
          assert.equal((await page.getByRole('status').innerText()).trim(), text.phoneAdded);
          assert.deepEqual(await listedPhones(page), [BJORN.phones[0], NEW_PHONE.e164]);
          await journey.portvakt(page, 'office-phone-added');

          const bjorn = await pv.portvakt.accounts.findByLoginName(BJORN.username);
          assert.deepEqual(await pv.portvakt.secondFactors.phoneNumbers(bjorn!.id), [BJORN.phones[0], NEW_PHONE.e164]);
        } finally {
          await office.close();
        }
      });

      // Once, in the first language's Portvakt, for all three: what the README promises of a brand.
      if (lang === LANGS[0])
        test('on the account page and its login, in every language, Portvakt is named only in the “provided by” line', async () => {
          // README, "Organisation branding": "Portvakt appears only in an optional "provided by" line (poweredBy)".
          const named: string[] = [];
          const note = async (page: Page, screen: string) => {
            for (const line of (await page.locator('main').innerText()).split('\n'))
              if (/Portvakt/.test(line)) named.push(`${screen} (${page.url().replace(pv.issuer, '')}): ${line.trim()}`);
          };
          for (const other of LANGS) {
            const context = await browser.newContext({ locale: BROWSER_LOCALE[other], viewport: DESKTOP });
            context.setDefaultTimeout(15_000);
            try {
              const page = await context.newPage();
              const words = TEXT[other];
              await page.goto(`${pv.issuer}/account`);
              await page.getByRole('link', { name: words.chooser }).waitFor();
              await note(page, `${other} login`);
              await page.getByRole('link', { name: words.chooser }).click();
              await page.getByLabel(words.password).waitFor();
              await note(page, `${other} password`);
              await page.getByLabel(words.username).fill(BJORN.username);
              await page.getByLabel(words.password).fill(password);
              await page.getByRole('button', { name: words.logIn, exact: true }).click();
              await page.waitForURL((url) => url.pathname === '/account');
              await page.getByRole('heading', { level: 1, name: words.title }).waitFor();
              await note(page, `${other} account`);
            } finally {
              await context.close();
            }
          }
          assert.deepEqual(named, [], 'Portvakt is named in the body of the organisation’s screens');
        });
    });
  }
});
