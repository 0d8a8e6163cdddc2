// Answers Portvakt's ACS must refuse, each made by the independent IdP (samlify) or by changing its
// real output here: no signature, another key, signature wrapping, another audience, expired, not
// the answer to this login, a RelayState that names no login, a replayed assertion. Every refusal
// is audited with its reason and told to the person.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type * as oidc from 'openid-client';
import type { StaffPerson } from '../../simulators/saml-idp/index.ts';
import { startPortvakt, type TestPortvakt } from '../support/harness.ts';
import { discover } from '../support/relying-party.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';
import { answerAtIdp, postToAcs, startSamlWorld, startStaffLogin, tokensFrom, type SamlWorld } from './saml-world.ts';

const AUTHN_PROVIDER = 'https://id.oidc.se/param/authnProvider';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const STAFF: StaffPerson[] = [
  {
    id: 'sara',
    nameId: 'nid-sara',
    email: 'sara.lind@kommun.example',
    givenName: 'Sara',
    familyName: 'Lind',
    employeeNumber: 'E1003',
  },
  {
    id: 'mallory',
    nameId: 'nid-anna.evil',
    email: 'mallory@kommun.example',
    givenName: 'Mallory',
    familyName: 'M',
    employeeNumber: 'E6666',
  },
];

type Answer = { action: string; fields: Record<string, string> };

describe('SAML answers Portvakt refuses', () => {
  let world: SamlWorld;
  let pv: TestPortvakt;
  let rp: oidc.Configuration;
  before(async () => {
    world = await startSamlWorld({ persons: STAFF });
    pv = await startPortvakt({
      config: {
        saml: [
          world.samlConfig('staff', { linking: { onNoMatch: 'provision' } }),
          world.samlConfig('clear', { linking: { onNoMatch: 'provision' }, requireEncryptedAssertion: false }),
        ],
        policies: { default: { methods: ['saml.staff', 'saml.clear'] } },
      },
    });
    await world.trust(pv.issuer, 'staff');
    await world.trust(pv.issuer, 'clear');
    rp = await discover(pv.issuer);
  });
  after(async () => {
    await pv?.close();
    await world?.close();
  });

  async function answered(
    person: string,
    method = 'staff',
  ): Promise<{ agent: UserAgent; answer: Answer; verifier: string }> {
    const agent = new UserAgent(pv.issuer, 'en');
    const started = await startStaffLogin(agent, world, rp, {
      params: { [AUTHN_PROVIDER]: `urn:portvakt:authn:saml.${method}` },
    });
    const answer = await answerAtIdp(world, started.loginPage, person);
    world.idp.reset();
    return { agent, answer, verifier: started.verifier };
  }

  async function lastFailure(): Promise<Record<string, unknown>> {
    const [event] = await pv.portvakt.audit.find({ type: 'login.upstream', outcome: 'failure', latest: 1 });
    return event?.detail ?? {};
  }

  async function assertRefused(page: Page, reason: string, message: RegExp): Promise<void> {
    assert.equal(page.status, 400, page.html);
    assert.match(page.html, message);
    assert.equal((await lastFailure()).reason, reason);
    assert.equal(
      await pv.portvakt.accounts.findByIdentity('upstream_subject', 'nid-anna', world.idp.entityId),
      undefined,
    );
  }

  const NOT_VERIFIED = /could not be verified/;
  const NOT_THIS_LOGIN = /did not belong to this login/;

  test('a response without any signature', async () => {
    world.idp.behaviour.sign = 'none';
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'signature', NOT_VERIFIED);
  });

  test('a response signed with a key the IdP’s metadata does not have', async () => {
    world.idp.behaviour.key = 'impostor';
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'signature', NOT_VERIFIED);
  });

  test('an assertion in clear text from an IdP whose assertions must be encrypted', async () => {
    world.idp.behaviour.encrypt = false;
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'unencrypted', NOT_VERIFIED);
  });

  test('signature wrapping: a forged assertion next to the signed one', async () => {
    Object.assign(world.idp.behaviour, { encrypt: false, sign: 'assertion' });
    const { agent, answer } = await answered('sara', 'clear');
    const forged = rewrite(answer, (_doc, signed) => signed.parentNode!.insertBefore(forgedCopy(signed), signed));
    await assertRefused(await postToAcs(agent, forged), 'signature', NOT_VERIFIED);
  });

  test('signature wrapping: the signed assertion hidden in the signature of a forged one', async () => {
    Object.assign(world.idp.behaviour, { encrypt: false, sign: 'assertion' });
    const { agent, answer } = await answered('sara', 'clear');
    const forged = rewrite(answer, (doc, signed) => {
      const copy = forgedCopy(signed);
      const signature = signed.getElementsByTagNameNS(DSIG, 'Signature')[0]!;
      copy.insertBefore(signature, copy.getElementsByTagNameNS(SAML, 'Subject')[0]!);
      signed.parentNode!.replaceChild(copy, signed);
      const object = doc.createElementNS(DSIG, 'ds:Object');
      object.appendChild(signed);
      signature.appendChild(object);
    });
    await assertRefused(await postToAcs(agent, forged), 'signature', NOT_VERIFIED);
  });

  test('a signed assertion whose subject was changed', async () => {
    Object.assign(world.idp.behaviour, { encrypt: false, sign: 'assertion' });
    const { agent, answer } = await answered('sara', 'clear');
    const forged = rewrite(
      answer,
      (_doc, signed) => void (signed.getElementsByTagNameNS(SAML, 'NameID')[0]!.textContent = 'nid-anna'),
    );
    await assertRefused(await postToAcs(agent, forged), 'signature', NOT_VERIFIED);
  });

  test('a comment inside a signed NameID does not shorten the subject', async () => {
    Object.assign(world.idp.behaviour, { encrypt: false, sign: 'assertion' });
    const { agent, answer, verifier } = await answered('mallory', 'clear');
    const commented = rewrite(answer, (doc, signed) => {
      const nameId = signed.getElementsByTagNameNS(SAML, 'NameID')[0]!;
      nameId.textContent = 'nid-anna';
      nameId.appendChild(doc.createComment(''));
      nameId.appendChild(doc.createTextNode('.evil'));
    });
    const claims = (await tokensFrom(rp, await postToAcs(agent, commented), verifier)).claims()!;
    const account = await pv.portvakt.accounts.findById(claims.sub);
    assert.deepEqual(
      account?.identities.filter((identity) => identity.type === 'upstream_subject').map((identity) => identity.value),
      ['nid-anna.evil'],
    );
  });

  test('an assertion for another audience', async () => {
    world.idp.behaviour.audience = 'https://other-service.example/saml';
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'audience', NOT_THIS_LOGIN);
  });

  test('an expired assertion', async () => {
    Object.assign(world.idp.behaviour, { ageSeconds: 900, validitySeconds: 300 });
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'expired', /no longer valid/);
  });

  test('an answer to another request (InResponseTo)', async () => {
    world.idp.behaviour.inResponseTo = '_an-earlier-request';
    const { agent, answer } = await answered('sara');
    await assertRefused(await postToAcs(agent, answer), 'in_response_to', NOT_THIS_LOGIN);
  });

  test('an answer carried into another login by its RelayState', async () => {
    const first = await answered('sara');
    const second = await answered('sara');
    const swapped = {
      ...first.answer,
      fields: { ...first.answer.fields, RelayState: second.answer.fields.RelayState! },
    };
    await assertRefused(await postToAcs(second.agent, swapped), 'in_response_to', NOT_THIS_LOGIN);
  });

  test('a RelayState that names no login in progress', async () => {
    const { agent, answer } = await answered('sara');
    const page = await postToAcs(agent, { ...answer, fields: { ...answer.fields, RelayState: 'made-up-relay-state' } });
    await assertRefused(page, 'relay_state', NOT_THIS_LOGIN);
  });

  test('a replayed assertion, posted again and carried into a new login', async () => {
    const { agent, answer, verifier } = await answered('sara');
    await tokensFrom(rp, await postToAcs(agent, answer), verifier);
    await assertRefused(await postToAcs(agent, answer), 'relay_state', NOT_THIS_LOGIN);
    const next = await answered('sara');
    const replayed = { ...answer, fields: { ...answer.fields, RelayState: next.answer.fields.RelayState! } };
    // It answers the first login's request, not this one's; the assertion id, used up by the
    // first login, would refuse it too (the replay record is written only once every check passed,
    // so a bent copy sent first cannot burn a genuine assertion).
    await assertRefused(await postToAcs(next.agent, replayed), 'in_response_to', NOT_THIS_LOGIN);
    const { rows } = await pv.portvakt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM upstream_assertions');
    assert.ok(rows[0]!.n >= 1, 'the used assertion is remembered');
  });
});

/** Changes the IdP's real response: `edit` gets the document and its (one, signed) assertion. */
function rewrite(answer: Answer, edit: (doc: Document, assertion: Element) => void): Answer {
  const doc = new DOMParser().parseFromString(
    Buffer.from(answer.fields.SAMLResponse!, 'base64').toString('utf8'),
    'text/xml',
  );
  edit(doc, doc.getElementsByTagNameNS(SAML, 'Assertion')[0]!);
  const xml = new XMLSerializer().serializeToString(doc);
  return { ...answer, fields: { ...answer.fields, SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') } };
}

/** The attacker's assertion: the signed one's content, unsigned, for someone else. */
function forgedCopy(signed: Element): Element {
  const copy = signed.cloneNode(true) as Element;
  copy.setAttribute('ID', '_forged');
  const signature = copy.getElementsByTagNameNS(DSIG, 'Signature')[0];
  if (signature) copy.removeChild(signature);
  copy.getElementsByTagNameNS(SAML, 'NameID')[0]!.textContent = 'nid-anna';
  return copy;
}
