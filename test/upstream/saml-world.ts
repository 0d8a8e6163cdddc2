// The world of a staff login over SAML for tests: the samlify-built IdP simulator over HTTPS,
// Portvakt's service provider keys, a browser that talks to the IdP, and the steps a person takes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import * as oidc from 'openid-client';
import type { z } from 'zod';
import type { samlIdpConfigSchema } from '../../src/eid/saml/config.ts';
import { CertificateAuthority } from '../../simulators/pki.ts';
import { startSamlIdp, type SamlIdp, type StaffPerson } from '../../simulators/saml-idp/index.ts';
import { TEST_CLIENT } from '../support/harness.ts';
import { findForm, type Page, type UserAgent } from '../support/user-agent.ts';

export type SamlIdpInput = z.input<typeof samlIdpConfigSchema>;

export interface SamlWorld {
  idp: SamlIdp;
  /** Portvakt's SP keys: what an operator generates and puts in the configuration. */
  sp: {
    signingKeyPem: string;
    signingCertificatePem: string;
    encryptionKeyPem: string;
    encryptionCertificatePem: string;
  };
  /** A `saml` entry for Portvakt's configuration, named `name`. */
  samlConfig(name: string, extra?: Partial<SamlIdpInput>): SamlIdpInput;
  /** Gives the IdP Portvakt's SP metadata, read from Portvakt over HTTP as an administrator would. */
  trust(issuer: string, name: string): Promise<void>;
  /** GET or POST at the IdP, trusting only its CA. */
  idpFetch(
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; url: string; html: string; location: string | null }>;
  close(): Promise<void>;
}

export async function startSamlWorld(options: { persons?: readonly StaffPerson[] } = {}): Promise<SamlWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'portvakt-saml-'));
  const idp = await startSamlIdp({ dataDir: join(dir, 'idp'), persons: options.persons });
  const authority = CertificateAuthority.create('Portvakt test SP keys');
  const signing = authority.issue({ commonName: 'Portvakt SP signing', use: 'signing' });
  const encryption = authority.issue({ commonName: 'Portvakt SP encryption', use: 'signing' });
  const sp = {
    signingKeyPem: signing.keyPem,
    signingCertificatePem: signing.certPem,
    encryptionKeyPem: encryption.keyPem,
    encryptionCertificatePem: encryption.certPem,
  };
  const dispatcher = new Agent({ connect: { ca: idp.caCertPem } });
  const idpFetch: SamlWorld['idpFetch'] = async (url, form) => {
    const response = await undiciFetch(url, {
      dispatcher,
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: form ? new URLSearchParams(form).toString() : null,
    });
    return { status: response.status, url, html: await response.text(), location: response.headers.get('location') };
  };
  return {
    idp,
    sp,
    samlConfig: (name, extra = {}) => ({
      name,
      label: { sv: 'Inloggning för personal', nb: 'Innlogging for ansatte', en: 'Staff login' },
      metadataXml: idp.metadataXml,
      sp,
      ...extra,
    }),
    async trust(issuer, name) {
      const response = await fetch(`${issuer}/saml/${name}/metadata`);
      if (!response.ok) throw new Error(`Portvakt's SP metadata: ${response.status}`);
      idp.registerServiceProvider(await response.text());
    },
    idpFetch,
    async close() {
      await idp.close();
      await dispatcher.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface StartedLogin {
  verifier: string;
  /** The IdP's login page, reached through Portvakt's signed AuthnRequest. */
  loginPage: { url: string; html: string };
}

/** Starts an authorization request at Portvakt that lands at the IdP's login page. */
export async function startStaffLogin(
  agent: UserAgent,
  world: SamlWorld,
  config: oidc.Configuration,
  options: { redirectUri?: string; params?: Record<string, string> } = {},
): Promise<StartedLogin> {
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri ?? TEST_CLIENT.redirect_uris[0]!,
    scope: 'openid profile email https://id.oidc.se/scope/naturalPersonNumber',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: 's',
    nonce: 'n',
    ...options.params,
  });
  const atIdp = await agent.open(url.toString());
  if (!atIdp.url.startsWith(world.idp.url))
    throw new Error(`expected to reach the IdP, got ${atIdp.url}:\n${atIdp.html}`);
  const loginPage = await world.idpFetch(atIdp.url);
  if (loginPage.status !== 200) throw new Error(`the IdP refused the AuthnRequest: ${loginPage.html}`);
  return { verifier, loginPage };
}

/** The person picks who they are at the IdP; the answer is the form the IdP would post to the ACS. */
export async function answerAtIdp(
  world: SamlWorld,
  loginPage: { url: string; html: string },
  personId: string | 'cancel',
): Promise<{ action: string; fields: Record<string, string> }> {
  const form = findForm(loginPage.html, personId === 'cancel' ? '/sso/cancel' : '/sso/login');
  const posted = await world.idpFetch(new URL(form.action, loginPage.url).toString(), {
    ...form.hidden,
    ...(personId === 'cancel' ? {} : { person: personId }),
  });
  const answer = findForm(posted.html, '/saml/');
  return { action: answer.action, fields: answer.hidden };
}

/** The browser posts the IdP's answer to Portvakt's ACS and follows Portvakt's redirects. */
export function postToAcs(agent: UserAgent, answer: { action: string; fields: Record<string, string> }): Promise<Page> {
  return agent.open(answer.action, { method: 'POST', form: answer.fields });
}

export async function tokensFrom(config: oidc.Configuration, done: Page, verifier: string) {
  if (!done.url.startsWith(TEST_CLIENT.redirect_uris[0]!))
    throw new Error(`expected the relying party's callback, got ${done.url}:\n${done.html}`);
  return oidc.authorizationCodeGrant(config, new URL(done.url), {
    pkceCodeVerifier: verifier,
    expectedState: 's',
    expectedNonce: 'n',
  });
}
