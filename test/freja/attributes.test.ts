// AGE and ADDRESSES in an approved result: given for people whose identity is verified, in the
// shape Freja documents, the same in the signed details as in the copy beside them.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { compactVerify, importX509 } from 'jose';
import { TRANSACTION_MS } from '../../simulators/freja/index.ts';
import { app, base64Json, rawPost, startHarness, type Harness } from './support.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  // 23:30 on 13 June 2025 in Stockholm (CEST): the evening before Anna's 40th birthday.
  h.clock.now = Date.UTC(2025, 5, 13, 21, 30);
});
after(async () => {
  await h.close();
});
afterEach(() => {
  h.clock.advance(TRANSACTION_MS);
});

interface Approved {
  authRef: string;
  /** The unsigned `requestedAttributes` beside `details`. */
  beside: Record<string, unknown>;
  /** `requestedAttributes` inside the verified JWS. */
  signed: Record<string, unknown>;
}

async function approvedFor(person: string, attributes: string[], minRegistrationLevel = 'BASIC'): Promise<Approved> {
  const init = await rawPost(
    h.sim,
    '/authentication/1.0/initAuthentication',
    `initAuthRequest=${base64Json({
      userInfoType: 'INFERRED',
      userInfo: 'N/A',
      minRegistrationLevel,
      attributesToReturn: attributes.map((attribute) => ({ attribute })),
    })}`,
  );
  assert.equal(init.status, 200, init.body);
  const { authRef } = JSON.parse(init.body) as { authRef: string };
  await app.open(h.sim, person, authRef);
  assert.match(await app.answer(h.sim, 'approve', person, authRef), /Approved/);
  const result = await rawPost(
    h.sim,
    '/authentication/1.0/getOneResult',
    `getOneAuthResultRequest=${base64Json({ authRef })}`,
  );
  const json = JSON.parse(result.body) as {
    status: string;
    details: string;
    requestedAttributes: Record<string, unknown>;
  };
  assert.equal(json.status, 'APPROVED');
  const { payload } = await compactVerify(json.details, await importX509(h.sim.signingCertPem, 'RS256'));
  const signed = (JSON.parse(new TextDecoder().decode(payload)) as { requestedAttributes: Record<string, unknown> })
    .requestedAttributes;
  return { authRef, beside: json.requestedAttributes, signed };
}

describe('AGE', () => {
  test('is the whole years since the birth date, counted on the calendar day in Sweden', async () => {
    const eve = await approvedFor('anna', ['AGE']);
    assert.deepEqual(eve.beside, { age: 39 });
    assert.deepEqual(eve.signed, { age: 39 });

    // 00:30 on 14 June in Stockholm, still 13 June in UTC.
    h.clock.now = Date.UTC(2025, 5, 13, 22, 30);
    const birthday = await approvedFor('anna', ['AGE', 'DATE_OF_BIRTH']);
    assert.deepEqual(birthday.signed, { age: 40, dateOfBirth: '1985-06-14' });
    assert.deepEqual(birthday.beside, birthday.signed);
  });
});

describe('ADDRESSES', () => {
  test('lists the registered addresses with country, city, postCode, address lines, validFrom, type and sourceType', async () => {
    const anna = await approvedFor('anna', ['ADDRESSES']);
    assert.deepEqual(anna.signed, {
      addresses: [
        {
          country: 'SE',
          city: 'Stockholm',
          postCode: '11351',
          address1: 'Odengatan 52',
          validFrom: '2016-09-01',
          type: 'RESIDENTIAL',
          sourceType: 'GOVERNMENT_REGISTRY',
        },
      ],
    });
    assert.deepEqual(anna.beside, anna.signed);

    const bjorn = await approvedFor('bjorn', ['ADDRESSES', 'AGE']);
    assert.deepEqual(bjorn.signed, {
      addresses: [
        {
          country: 'SE',
          city: 'Göteborg',
          postCode: '41304',
          address1: 'Linnégatan 14',
          address2: 'Lgh 1102',
          validFrom: '2021-04-15',
          type: 'RESIDENTIAL',
          sourceType: 'GOVERNMENT_REGISTRY',
        },
      ],
      age: 33,
    });
  });
});

describe('a person whose identity is not verified', () => {
  test('has neither AGE nor ADDRESSES, and the rest is still given', async () => {
    const kari = await approvedFor('kari', ['AGE', 'ADDRESSES', 'BASIC_USER_INFO']);
    assert.deepEqual(kari.signed, { basicUserInfo: { name: 'Kari', surname: 'Nordmann' } });
    assert.deepEqual(kari.beside, kari.signed);
  });
});

describe("Portvakt's client", () => {
  test('verifies an approval that carries attributes it does not read, and keeps only its own', async () => {
    const { authRef } = await approvedFor('anna', ['AGE', 'ADDRESSES', 'REGISTRATION_LEVEL'], 'PLUS');
    const outcome = await h.client.getOneResult(authRef);
    assert.equal(outcome.state, 'approved');
    assert.deepEqual(outcome.state === 'approved' && outcome.identity.attributes, { registrationLevel: 'PLUS' });
  });
});
