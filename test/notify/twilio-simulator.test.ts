// The Twilio simulator's own HTTP contract, checked with plain fetch: what Twilio answers to a
// missing or wrong Basic auth, to each kind of bad request, and the shape of a created message.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Outbox } from '../../simulators/outbox/outbox.ts';
import { segmentCount, startTwilioSimulator, type TwilioSimulator } from '../../simulators/twilio/index.ts';

const ACCOUNT = { sid: `AC${'1'.repeat(32)}`, authToken: 'simulator-token-one' };
const OTHER = { sid: `AC${'2'.repeat(32)}`, authToken: 'simulator-token-two' };
const SERVICE = `MG${'a'.repeat(32)}`;
const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;

describe('Twilio simulator HTTP contract', () => {
  let sim: TwilioSimulator;
  let outbox: Outbox;
  const clock = new Date(Date.UTC(2025, 2, 4, 8, 5, 9));

  before(async () => {
    outbox = new Outbox();
    sim = await startTwilioSimulator({
      accounts: [ACCOUNT, OTHER],
      senders: ['+46700000001', 'Portvakt'],
      messagingServices: [SERVICE],
      outbox,
      now: () => clock,
    });
  });
  after(() => sim.close());

  const messagesUrl = (sid = ACCOUNT.sid) => `${sim.url}/2010-04-01/Accounts/${sid}/Messages.json`;
  async function post(
    fields: Record<string, string>,
    authorization: string | null = basic(ACCOUNT.sid, ACCOUNT.authToken),
    url = messagesUrl(),
  ) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams(fields),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  test('201 with the message resource, stored in the outbox', async () => {
    const { status, headers, body } = await post({ To: '+46701234567', From: '+46700000001', Body: 'Kod 123456' });
    assert.equal(status, 201);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.match(String(body.sid), /^SM[0-9a-f]{32}$/);
    assert.deepEqual(
      { ...body, sid: undefined, uri: undefined, subresource_uris: undefined },
      {
        account_sid: ACCOUNT.sid,
        api_version: '2010-04-01',
        body: 'Kod 123456',
        date_created: 'Tue, 04 Mar 2025 08:05:09 +0000',
        date_sent: null,
        date_updated: 'Tue, 04 Mar 2025 08:05:09 +0000',
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: '+46700000001',
        messaging_service_sid: null,
        num_media: '0',
        num_segments: '1',
        price: null,
        price_unit: 'USD',
        sid: undefined,
        status: 'queued',
        subresource_uris: undefined,
        to: '+46701234567',
        uri: undefined,
      },
    );
    assert.equal(body.uri, `/2010-04-01/Accounts/${ACCOUNT.sid}/Messages/${String(body.sid)}.json`);
    assert.deepEqual(body.subresource_uris, {
      media: `/2010-04-01/Accounts/${ACCOUNT.sid}/Messages/${String(body.sid)}/Media.json`,
    });
    const [entry] = outbox.list({ to: '+46701234567' });
    assert.equal(entry?.kind, 'sms');
    assert.equal(entry?.text, 'Kod 123456');
    assert.equal(entry?.from, '+46700000001');
  });

  test('through a Messaging Service the message is accepted, with no From', async () => {
    const { status, body } = await post({ To: '+4791234567', MessagingServiceSid: SERVICE, Body: 'x' });
    assert.equal(status, 201);
    assert.equal(body.status, 'accepted');
    assert.equal(body.from, null);
    assert.equal(body.messaging_service_sid, SERVICE);
  });

  test('401 with error 20003 without Basic auth, with a wrong token, or with another account on the path', async () => {
    const cases = [null, basic(ACCOUNT.sid, 'wrong'), basic('ACnope', ACCOUNT.authToken), 'Bearer abc'];
    for (const authorization of cases) {
      const { status, headers, body } = await post(
        { To: '+46701234567', From: '+46700000001', Body: 'x' },
        authorization,
      );
      assert.equal(status, 401, String(authorization));
      assert.deepEqual(body, {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
      assert.match(headers.get('www-authenticate') ?? '', /^Basic/);
    }
    const crossed = await post(
      { To: '+46701234567', From: '+46700000001', Body: 'x' },
      basic(OTHER.sid, OTHER.authToken),
    );
    assert.equal(crossed.status, 401);
  });

  test('400 with Twilio error codes for each bad field', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ From: '+46700000001', Body: 'x' }, 21604],
      [{ To: '0701234567', From: '+46700000001', Body: 'x' }, 21211],
      [{ To: '+4670123', From: '+46700000001', Body: 'x' }, 21211],
      [{ To: '+46812345678', From: '+46700000001', Body: 'x' }, 21614],
      [{ To: '+46701234567', Body: 'x' }, 21603],
      [{ To: '+46701234567', From: 'not a sender!', Body: 'x' }, 21212],
      [{ To: '+46701234567', From: '+46709999999', Body: 'x' }, 21606],
      [{ To: '+46701234567', MessagingServiceSid: `MG${'b'.repeat(32)}`, Body: 'x' }, 21701],
      [{ To: '+46701234567', From: 'Portvakt' }, 21602],
      [{ To: '+46701234567', From: 'Portvakt', Body: 'x'.repeat(1601) }, 21617],
    ];
    for (const [fields, code] of cases) {
      const { status, body } = await post(fields);
      assert.equal(status, 400, JSON.stringify(fields));
      assert.equal(body.code, code, JSON.stringify(fields));
      assert.equal(body.status, 400);
      assert.equal(body.more_info, `https://www.twilio.com/docs/errors/${code}`);
      assert.equal(typeof body.message, 'string');
    }
  });

  test('an unknown path is 404 (20404), another method 405 (20004)', async () => {
    const missing = await post(
      {},
      basic(ACCOUNT.sid, ACCOUNT.authToken),
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT.sid}/Calls.json`,
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 20404);
    const response = await fetch(messagesUrl(), { headers: { authorization: basic(ACCOUNT.sid, ACCOUNT.authToken) } });
    assert.equal(response.status, 405);
    assert.equal(((await response.json()) as { code: number }).code, 20004);
  });

  test('faults: 500 (20500), 429 (20429), and back to normal', async () => {
    const fields = { To: '+46701234567', From: 'Portvakt', Body: 'x' };
    sim.setFault('error500');
    const failed = await post(fields);
    sim.setFault('rateLimit');
    const limited = await post(fields);
    sim.setFault('none');
    assert.deepEqual([failed.status, failed.body.code], [500, 20500]);
    assert.deepEqual([limited.status, limited.body.code], [429, 20429]);
    assert.equal((await post(fields)).status, 201);
  });

  test('the hang fault never answers', async () => {
    sim.setFault('hang');
    try {
      await assert.rejects(
        fetch(messagesUrl(), {
          method: 'POST',
          signal: AbortSignal.timeout(300),
          body: new URLSearchParams({ To: '+46701234567' }),
        }),
        (error: Error) => error.name === 'TimeoutError',
      );
    } finally {
      sim.setFault('none');
    }
  });
});

describe('SMS segments as Twilio counts them', () => {
  test('GSM-7 including å ä ö æ ø, extension characters twice, otherwise UCS-2', () => {
    assert.equal(segmentCount('å'.repeat(160)), 1);
    assert.equal(segmentCount('Ø'.repeat(161)), 2);
    assert.equal(segmentCount('a'.repeat(306)), 2);
    assert.equal(segmentCount('a'.repeat(307)), 3);
    assert.equal(segmentCount('€'.repeat(80)), 1);
    assert.equal(segmentCount('€'.repeat(81)), 2);
    assert.equal(segmentCount('ł'.repeat(70)), 1);
    assert.equal(segmentCount('ł'.repeat(71)), 2);
  });
});
