// The world around the demo: the BankID and Freja simulators, the staff logins' SAML and Google
// Workspace (OIDC) IdP simulators, the ID-porten and HelseID (OIDC) simulators, a local SMTP
// server, a Twilio Messages API simulator and the outbox page. Development only: `portvakt demo`
// starts it, and nothing in the product imports it. Ports are fixed so the README's links hold.
import { join } from 'node:path';
import { DEMO_PORT_ENVIRONMENT } from '../../src/config/env.ts';
import type { DemoPerson } from '../../simulators/bankid/index.ts';

export type DemoPorts = Record<keyof typeof DEMO_PORT_ENVIRONMENT, number>;

/** The declared ports, each moved by its environment variable if something else holds it. */
export function demoPorts(env: NodeJS.ProcessEnv): DemoPorts {
  const entries = Object.entries(DEMO_PORT_ENVIRONMENT).map(([key, { name, port: fallback }]) => {
    const raw = env[name];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`${name}: expected a port number, found "${raw}"`);
    return [key, port];
  });
  return Object.fromEntries(entries) as DemoPorts;
}

export interface DemoWorld {
  /** Configuration keys that point Portvakt at the simulators. */
  config: Record<string, unknown>;
  urls: {
    bankidApp: string;
    frejaApp: string;
    outbox: string;
    smtp: string;
    staffIdp: string;
    googleIdp: string;
    idportenIdp: string;
    helseidIdp: string;
  };
  close(): Promise<void>;
}

export const DEMO_TWILIO = {
  sid: `AC${'d'.repeat(32)}`,
  authToken: 'demo-twilio-auth-token-0123456789',
  from: '+46700000000',
};

export async function startDemoWorld(
  dataDir: string,
  issuer: string,
  ports: DemoPorts,
  persons: { given_name: string; family_name: string; personal_number?: string | undefined }[],
): Promise<DemoWorld> {
  const [
    { startBankIdSimulator, DEFAULT_PERSONS },
    { startFrejaSimulator },
    { startMailServer },
    { startTwilioSimulator },
    { Outbox, startOutboxPage },
    { startDemoStaffIdp },
    { startDemoGoogleWorkspace },
    { startDemoNorwegianIssuers },
  ] = await Promise.all([
    import('../../simulators/bankid/index.ts'),
    import('../../simulators/freja/index.ts'),
    import('../../simulators/mail/index.ts'),
    import('../../simulators/twilio/index.ts'),
    import('../../simulators/outbox/index.ts'),
    import('../../simulators/saml-idp/demo.ts'),
    import('../../simulators/oidc-idp/demo.ts'),
    import('../../simulators/oidc-idp/norwegian-demo.ts'),
  ]);
  const demoPersons: DemoPerson[] = persons
    .filter((person) => person.personal_number)
    .map((person) => ({
      personalNumber: person.personal_number!,
      givenName: person.given_name,
      surname: person.family_name,
      behaviour: 'normal',
    }));
  const outbox = new Outbox({ maxEntries: 500 });
  const [bankid, freja, mail, twilio, page, staff, google, norwegian] = await Promise.all([
    startBankIdSimulator({
      dataDir: join(dataDir, 'simulators', 'bankid'),
      port: ports.bankidApi,
      appPort: ports.bankidApp,
      persons: [...demoPersons, ...DEFAULT_PERSONS],
    }),
    startFrejaSimulator({
      dataDir: join(dataDir, 'simulators', 'freja'),
      port: ports.frejaApi,
      appPort: ports.frejaApp,
    }),
    startMailServer({ port: ports.smtp, outbox }),
    startTwilioSimulator({
      accounts: [{ sid: DEMO_TWILIO.sid, authToken: DEMO_TWILIO.authToken }],
      outbox,
      port: ports.twilio,
    }),
    startOutboxPage({ outbox, port: ports.outbox }),
    startDemoStaffIdp({ dataDir: join(dataDir, 'simulators', 'saml-idp'), port: ports.samlIdp, issuer }),
    startDemoGoogleWorkspace({ dataDir: join(dataDir, 'simulators', 'oidc-idp'), port: ports.googleIdp, issuer }),
    startDemoNorwegianIssuers({
      dataDirs: { idporten: join(dataDir, 'simulators', 'idporten'), helseid: join(dataDir, 'simulators', 'helseid') },
      ports: { idporten: ports.idportenIdp, helseid: ports.helseidIdp },
      issuer,
    }),
  ]);
  return {
    config: {
      bankid: {
        baseUrl: bankid.apiUrl,
        pfxBase64: bankid.clientPfx.toString('base64'),
        passphrase: bankid.clientPassphrase,
        caPem: bankid.caCertPem,
        launchBaseUrl: bankid.appUrl,
        desktopLaunchBaseUrl: bankid.appUrl,
      },
      freja: {
        baseUrl: freja.apiUrl,
        clientCertificate: { pfxBase64: freja.clientPfx.toString('base64'), passphrase: freja.clientPassphrase },
        serverCaPem: freja.caCertPem,
        signingCertificatesPem: [freja.signingCertPem],
        launchBaseUrl: freja.appUrl,
      },
      email: {
        from: 'Portvakt demo <no-reply@portvakt.example>',
        smtp: { host: mail.host, port: mail.port, requireTLS: false },
      },
      saml: [staff.samlConfig],
      oidcUpstreams: [...google.oidcUpstreams, ...norwegian.oidcUpstreams],
      sms: {
        twilio: {
          accountSid: DEMO_TWILIO.sid,
          authToken: DEMO_TWILIO.authToken,
          from: DEMO_TWILIO.from,
          apiBaseUrl: twilio.url,
        },
      },
    },
    urls: {
      bankidApp: bankid.appUrl,
      frejaApp: freja.appUrl,
      outbox: page.url,
      smtp: `smtp://${mail.host}:${mail.port}`,
      staffIdp: staff.idp.url,
      googleIdp: google.simulator.issuer,
      idportenIdp: norwegian.idporten.issuer,
      helseidIdp: norwegian.helseid.issuer,
    },
    async close() {
      await Promise.allSettled([
        bankid.close(),
        freja.close(),
        mail.close(),
        twilio.close(),
        page.close(),
        staff.close(),
        google.close(),
        norwegian.close(),
      ]);
    },
  };
}
