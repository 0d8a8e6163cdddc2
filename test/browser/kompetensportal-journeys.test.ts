// Journeys through Kompetensportal in Chromium, in Swedish, Norwegian and English, with the demo's
// `external` login policy: BankID (the QR string read from the page and approved in the simulated
// BankID app), Freja eID+ (approved on the simulated Freja app's page, as on a phone), the staff
// login through the SAML IdP, and "Registrera dig" reaching Portvakt's registration page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { launchBrowser } from '../support/browser.ts';
import { ANNA_PNR, startEidWorld, type EidWorld } from '../support/eid.ts';
import { startSamlWorld, type SamlWorld } from '../upstream/saml-world.ts';
import { startKompetensportal } from '../../samples/kompetensportal/index.ts';
import type { RunningPortal } from '../../samples/shared/portal.ts';
import { freePort, portalClient } from '../samples/free-port.ts';
import { findCourse, type Course } from '../../samples/kompetensportal/courses.ts';
import { arrivedAt, demoPolicies, Journey, journeyFolder, LANGS, type Lang } from './journey.ts';

const TEXT: Record<
  Lang,
  { bankid: string; staff: string; otherDevice: RegExp; accept: string; freja: { open: string; approve: string } }
> = {
  sv: {
    bankid: 'BankID',
    staff: 'Inloggning för personal',
    otherDevice: /annan enhet/,
    accept: 'Jag har läst och godkänner',
    freja: { open: 'Öppna', approve: 'Godkänn' },
  },
  nb: {
    bankid: 'BankID (svensk)',
    staff: 'Innlogging for ansatte',
    otherDevice: /annen enhet/,
    accept: 'Jeg har lest og godtar',
    freja: { open: 'Åpne', approve: 'Godkjenn' },
  },
  en: {
    bankid: 'BankID (Swedish)',
    staff: 'Staff login',
    otherDevice: /another device/,
    accept: 'I have read and accept',
    freja: { open: 'Open', approve: 'Approve' },
  },
};

// One course per journey, so each journey's registration is its own.
const COURSE = { bankid: findCourse('hlr')!, freja: findCourse('brandskydd')!, staff: findCourse('gdpr')! };

describe('journeys through Kompetensportal', () => {
  let world: EidWorld;
  let saml: SamlWorld;
  let pv: TestPortvakt;
  let browser: Browser;
  let portal: RunningPortal;
  before(async () => {
    const port = await freePort();
    const client = portalClient('kompetensportal', port, { login_policy: 'external' });
    const [demo, eid, staffIdp] = await Promise.all([demoPolicies(), startEidWorld(), startSamlWorld()]);
    [world, saml] = [eid, staffIdp];
    // The demo's staff IdP: Anna's personal identity number finds her account.
    const staff = saml.samlConfig('personal', {
      linking: {
        by: ['se_personal_number', 'email'],
        authoritativeEmailDomains: ['example.org'],
        onNoMatch: 'provision',
      },
    });
    [pv, browser] = await Promise.all([
      startPortvakt({ config: { ...world.config(), ...demo, saml: [staff], clients: [client] } }),
      launchBrowser(),
    ]);
    await saml.trust(pv.issuer, 'personal');
    portal = await startKompetensportal({
      issuer: pv.issuer,
      port,
      host: '127.0.0.1',
      clientId: client.client_id,
      clientSecret: client.client_secret,
      allowInsecureIssuer: true,
    });
    for (const name of ['kompetens-bankid', 'kompetens-freja', 'kompetens-staff', 'kompetens-register'])
      console.log(`# screenshots: ${journeyFolder(name)}`);
  });
  after(async () => {
    await browser?.close();
    await portal?.close();
    await pv?.close();
    await saml?.close();
    await world?.close();
  });

  /** Every journey is Anna's first visit: the privacy notice is asked for again. */
  async function firstVisit(): Promise<void> {
    await pv.portvakt.db.query('DELETE FROM privacy_acceptances');
  }

  /** From a course page to Portvakt's chooser, in the journey's language. */
  async function toChooser(journey: Journey, course: Course): Promise<Page> {
    const page = await journey.page();
    await page.goto(`${portal.url}/courses/${course.id}`);
    await journey.portal(page, 'portal-course');
    await page.getByRole('link', { name: 'Logga in för att anmäla dig' }).click();
    await arrivedAt(page, pv.issuer);
    await journey.pickLanguage(page);
    await journey.portvakt(page, 'chooser');
    return page;
  }

  /** The privacy notice, accepted; then the course page the login started from, and a registration. */
  async function acceptNoticeAndRegister(journey: Journey, page: Page, course: Course): Promise<void> {
    const accept = page.getByRole('button', { name: TEXT[journey.lang].accept });
    await accept.waitFor({ timeout: 15_000 });
    await journey.portvakt(page, 'privacy-notice');
    await accept.click();
    await page.waitForURL(`${portal.url}/courses/${course.id}`);
    // The portal remembers registrations while it runs: the journey in the first language registers.
    if (journey.lang === LANGS[0]) {
      await page.getByRole('button', { name: 'Anmäl mig' }).click();
      await page.waitForURL(`${portal.url}/mina-sidor`);
    } else {
      assert.equal(await page.getByRole('status').innerText(), 'Du är anmäld till kursen.');
      await page.getByRole('link', { name: 'Mina sidor' }).click();
    }
    const mine = await page.locator('main').innerText();
    assert.match(mine, /Inloggad som Anna Andersson\./);
    assert.ok(mine.includes(course.name), `${course.name} is among Anna's courses`);
    await journey.portal(page, 'portal-mina-sidor');
    await page.getByRole('link', { name: 'Mina uppgifter' }).click();
    assert.match(
      await page.locator('main').innerText(),
      /https:\/\/id\.oidc\.se\/claim\/personalIdentityNumber\s+19850614\*\*\*\*/,
    );
    await journey.portal(page, 'portal-claims');
  }

  /** The QR string as the page shows it now, after its first refresh by the page's script. */
  async function qrContent(page: Page): Promise<string> {
    await page.waitForSelector('[data-eid-qr] svg');
    const content = await page.getAttribute('[data-eid-qr]', 'data-qr-content');
    assert.ok(content, 'the QR code carries its content');
    return content;
  }

  for (const lang of LANGS) {
    test(`BankID on another device, approved in the BankID app (${lang})`, async () => {
      await firstVisit();
      const journey = new Journey(browser, 'kompetens-bankid', lang);
      const page = await toChooser(journey, COURSE.bankid);
      await page.getByRole('link', { name: TEXT[lang].bankid, exact: true }).click();
      await journey.portvakt(page, 'bankid-start');
      await page.getByRole('button', { name: TEXT[lang].otherDevice }).click();
      await qrContent(page);
      await journey.portvakt(page, 'bankid-qr');
      // The person scans what the page shows right now; the code changes every second.
      world.bankid.app.scanQr(await qrContent(page), ANNA_PNR).approve();
      await acceptNoticeAndRegister(journey, page, COURSE.bankid);
      await journey.close();
    });

    test(`Freja eID+ by QR code, approved in the Freja app (${lang})`, async () => {
      await firstVisit();
      const journey = new Journey(browser, 'kompetens-freja', lang);
      const page = await toChooser(journey, COURSE.freja);
      await page.getByRole('link', { name: 'Freja eID+', exact: true }).click();
      await journey.portvakt(page, 'freja-start');
      await page.getByRole('button', { name: TEXT[lang].otherDevice }).click();
      const qr = await qrContent(page);
      await journey.portvakt(page, 'freja-qr');
      // The phone: the Freja app, here the simulator's page, opened with what the camera read.
      const phone = await (await journey.context).newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${world.freja.appUrl}?lang=${lang}&ref=${encodeURIComponent(qr)}`);
      await phone.locator('#person').selectOption('anna');
      await phone.getByRole('button', { name: TEXT[lang].freja.open, exact: true }).first().click();
      await phone.getByRole('button', { name: TEXT[lang].freja.approve }).click();
      await phone.getByRole('status').waitFor();
      await phone.close();
      await acceptNoticeAndRegister(journey, page, COURSE.freja);
      await journey.close();
    });

    test(`"Registrera dig" opens Portvakt's registration page (${lang})`, async () => {
      const journey = new Journey(browser, 'kompetens-register', lang);
      const page = await journey.page();
      await page.goto(`${portal.url}/`);
      await journey.portal(page, 'portal-catalogue');
      await page.getByRole('navigation').getByRole('link', { name: 'Registrera dig' }).click();
      await arrivedAt(page, pv.issuer);
      await page.waitForURL(/\/interaction\/[^/]+\/register$/, { timeout: 10_000 });
      await journey.pickLanguage(page);
      await page.waitForURL(/\/interaction\/[^/]+\/register(\?lang=\w+)?$/);
      // The form asks for the given name (whatever the field is called, its autocomplete token says what it is).
      assert.equal(
        await page.locator('form[action$="/register"] input[autocomplete="given-name"]').count(),
        1,
        'a registration form asks for the given name',
      );
      await journey.portvakt(page, 'register');
      await journey.close();
    });
  }

  test(`staff login through the organisation's SAML IdP (sv; its Portvakt screens are the other journeys’ too)`, async () => {
    await firstVisit();
    // The IdP simulator's certificate comes from its own test CA.
    const journey = new Journey(browser, 'kompetens-staff', 'sv', { ignoreHTTPSErrors: true });
    const page = await toChooser(journey, COURSE.staff);
    await page.getByRole('link', { name: TEXT.sv.staff, exact: true }).click();
    await arrivedAt(page, saml.idp.url);
    await journey.portal(page, 'idp-login');
    await page.getByRole('button', { name: /^Anna Andersson \(E1001/ }).click();
    await acceptNoticeAndRegister(journey, page, COURSE.staff);
    await journey.close();
  });
});
