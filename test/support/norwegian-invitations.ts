// The world of the Norwegian invitation tests: the ID-porten and HelseID simulators wired as the demo
// wires them (presets, Portvakt's registrations), real SMTP for the invitation's e-mails, and the
// steps a person takes: the invitation link, the e-mailed code, and a pick at an issuer.
import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { ClientMetadata } from 'oidc-provider';
import { createOutput } from '../../app/cli/output.ts';
import { invitationsCommand } from '../../app/cli/invitations.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import {
  HELSEID_PERSONS,
  IDPORTEN_PERSONS,
  startOidcIdpSimulator,
  type OidcIdpSimulator,
  type SimulatedPerson,
} from '../../simulators/oidc-idp/index.ts';
import { norwegianWiring } from '../../simulators/oidc-idp/norwegian-demo.ts';
import { startPortvakt, TEST_CLIENT, type TestPortvakt } from './harness.ts';
import { pickAt } from './idp-browser.ts';
import { startMessaging, type Messaging } from './messaging.ts';
import { discover } from './relying-party.ts';
import type { Page, UserAgent } from './user-agent.ts';

type UpstreamEntry = NonNullable<ConfigInput['oidcUpstreams']>[number];

export interface NorwegianWorld {
  pv: TestPortvakt;
  idporten: OidcIdpSimulator;
  helseid: OidcIdpSimulator;
  messaging: Messaging;
  rp: oidc.Configuration;
  close(): Promise<void>;
}

export const person = (persons: readonly SimulatedPerson[], givenName: string): SimulatedPerson =>
  persons.find((candidate) => candidate.givenName === givenName)!;
export const atIdporten = (givenName: string) => person(IDPORTEN_PERSONS, givenName);
export const atHelseid = (givenName: string) => person(HELSEID_PERSONS, givenName);

type Policy = NonNullable<ConfigInput['policies']>[string];

/** A second relying party, `other-rp`, whose login policy is the world's `otherPolicy`. */
export const OTHER_CLIENT = { ...TEST_CLIENT, client_id: 'other-rp', redirect_uris: ['http://127.0.0.1:9/other'] };

/**
 * Portvakt with `idporten` and `helseid` (and `extra` entries, each registered at ID-porten under
 * its own client) for TEST_CLIENT, whose login policy is `policy`, and OTHER_CLIENT under `otherPolicy`.
 */
export async function startNorwegianWorld(options: {
  policy: Policy;
  otherPolicy?: Policy;
  extra?: (
    idporten: OidcIdpSimulator,
  ) => { entry: UpstreamEntry; client: (portvaktIssuer: string) => ClientMetadata }[];
}): Promise<NorwegianWorld> {
  const [idporten, helseid, messaging] = await Promise.all([
    startOidcIdpSimulator({ preset: 'idporten' }),
    startOidcIdpSimulator({ preset: 'helseid' }),
    startMessaging(),
  ]);
  const wiring = await norwegianWiring({ idporten, helseid });
  const extra = options.extra?.(idporten) ?? [];
  const pv = await startPortvakt({
    config: {
      ...messaging.config,
      oidcUpstreams: [...wiring.oidcUpstreams, ...extra.map((each) => each.entry)],
      policies: {
        default: { methods: ['password'] },
        invited: options.policy,
        other: options.otherPolicy ?? { methods: ['password'] },
      },
      clients: [
        { ...TEST_CLIENT, login_policy: 'invited' },
        { ...OTHER_CLIENT, login_policy: 'other' },
      ],
    },
  });
  const clients = wiring.clientsFor(pv.issuer);
  idporten.register(clients.idporten);
  helseid.register(clients.helseid);
  for (const each of extra) idporten.register(each.client(pv.issuer));
  return {
    pv,
    idporten,
    helseid,
    messaging,
    rp: await discover(pv.issuer),
    async close() {
      await pv.close();
      await Promise.all([idporten.close(), helseid.close(), messaging.close()]);
    },
  };
}

/** Invites `email` to the client (TEST_CLIENT unless named) with the CLI, in Norwegian; the link from the e-mail. */
export async function invite(world: NorwegianWorld, email: string, client = TEST_CLIENT.client_id): Promise<string> {
  let printed = '';
  await invitationsCommand(
    world.pv.portvakt,
    world.pv.config,
    { action: 'create', subject: email, values: { client, locale: 'nb' } },
    createOutput(true, (text) => void (printed += text)),
  );
  assert.equal((JSON.parse(printed) as { email_sent: boolean }).email_sent, true);
  const mail = world.messaging.outbox.list({ to: email }).find((message) => /\/invitation\//.test(message.text));
  return /(http:\/\/\S+\/invitation\/[\w-]{43})/.exec(mail?.text ?? '')?.[1] ?? assert.fail(`no link to ${email}`);
}

/** Opens the link, has the code sent and types it: the page after, in a browser now bound to the invitation. */
export async function proveAddress(world: NorwegianWorld, agent: UserAgent, link: string, email: string) {
  const landing = await agent.open(link);
  assert.equal(landing.status, 200, landing.html);
  const sent = await agent.submit(landing, '/send');
  const code = /^\s+(\d{6})\s*$/m.exec(world.messaging.outbox.list({ to: email })[0]?.text ?? '')?.[1];
  return agent.submit(sent, '/code', { code: code ?? assert.fail(`no code e-mailed to ${email}`) });
}

/** Chooses `entry` on the invitation's eID page and picks `who` at its issuer: the answer's address at Portvakt. */
export async function answerFor(
  world: NorwegianWorld,
  agent: UserAgent,
  choice: Page,
  entry: string,
  who: SimulatedPerson,
): Promise<string> {
  const sent = await agent.submit(choice, `/eid/oidc.${entry}/start`);
  const simulator = entry === 'helseid' ? world.helseid : world.idporten;
  assert.ok(sent.url.startsWith(simulator.issuer), `off to the issuer: ${sent.url}\n${sent.html}`);
  return pickAt(simulator, sent.url, who.sub);
}

/** The relying party's authorization request: the page it ends on, and the verifier for the code. */
export async function startLogin(world: NorwegianWorld, agent: UserAgent) {
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(world.rp, {
    redirect_uri: TEST_CLIENT.redirect_uris[0]!,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { page: await agent.open(url.href), verifier };
}

/** The ID token's claims for a login that reached the relying party. */
export async function claimsOf(world: NorwegianWorld, login: { page: Page; verifier: string }) {
  assert.ok(login.page.url.startsWith(TEST_CLIENT.redirect_uris[0]!), `${login.page.url}\n${login.page.html}`);
  const tokens = await oidc.authorizationCodeGrant(world.rp, new URL(login.page.url), {
    pkceCodeVerifier: login.verifier,
  });
  return tokens.claims()!;
}

/** A login at the relying party through `entry`'s button on the chooser, as `who`: where Portvakt sends the browser. */
export async function loginThrough(world: NorwegianWorld, agent: UserAgent, entry: string, who: SimulatedPerson) {
  const { page: chooser, verifier } = await startLogin(world, agent);
  const button = new RegExp(`href="(/interaction/[^"]+/oidc\\.${entry})"`).exec(chooser.html);
  assert.ok(button, `the chooser offers oidc.${entry}:\n${chooser.html}`);
  const toIssuer = await agent.open(button[1]!);
  const simulator = entry === 'helseid' ? world.helseid : world.idporten;
  return { callback: await pickAt(simulator, toIssuer.url, who.sub), verifier };
}
