// The outbox pages in a real Chromium, checked with axe-core against WCAG 2.1 AA, and the HTML
// version of an e-mail kept inert inside its sandboxed frame.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser, seriousViolations } from '../support/browser.ts';
import { Outbox } from '../../simulators/outbox/outbox.ts';
import { startOutboxPage, type OutboxPage } from '../../simulators/outbox/server.ts';
import { oneTimeCodeEmail } from '../../src/notify/templates.ts';

let browser: Browser;
let page: OutboxPage;
const outbox = new Outbox();
let emailId: string;

before(async () => {
  const mail = oneTimeCodeEmail('sv', { code: '482913', minutes: 10, service: 'Kommunen <b>' });
  emailId = outbox.add({
    kind: 'email',
    to: 'anna@example.se',
    from: 'Portvakt <no-reply@example.org>',
    ...mail,
    html: `${mail.html}<script>parent.document.title = 'owned'</script>`,
  }).id;
  outbox.add({ kind: 'sms', to: '+46701234567', from: 'Portvakt', text: '731942 är din engångskod till Kommunen.' });
  [browser, page] = await Promise.all([launchBrowser(), startOutboxPage({ outbox })]);
});
after(async () => {
  await browser?.close();
  await page?.close();
});

test('the list and a message page have no serious WCAG 2.1 AA violations', async () => {
  const tab = await browser.newPage();
  try {
    for (const path of ['/?refresh=off', `/messages/${emailId}`, '/messages/404']) {
      await tab.goto(`${page.url}${path}`);
      assert.deepEqual(await seriousViolations(tab), [], path);
    }
  } finally {
    await tab.close();
  }
});

test('a script in an e-mail does not run', async () => {
  const tab = await browser.newPage();
  try {
    await tab.goto(`${page.url}/messages/${emailId}`);
    const frame = tab.frames().find((candidate) => candidate !== tab.mainFrame());
    assert.ok(frame, 'the html part is shown in a frame');
    await frame.waitForLoadState();
    assert.match(await frame.innerText('body'), /482913/);
    assert.notEqual(await tab.title(), 'owned');
  } finally {
    await tab.close();
  }
});
