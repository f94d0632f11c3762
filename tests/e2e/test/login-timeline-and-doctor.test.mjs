// The real window: a refused login leads to the connection doctor in one click; then a full login
// against the project's Worker is shown step by step in the login timeline (docs/screenshots/login-timeline.png).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, screenshot, startWorkerStack } from '../support.mjs';

const ALICE = 'alice@example.com';
let stack;
let session;

before(async () => {
  stack = await startWorkerStack({ autoLogin: ALICE });
  session = await openApp();
});

after(async () => {
  await session?.close();
  stack?.stop();
});

const byId = (id) => `[data-testid="${id}"]`;

test('a refused login offers the doctor; a full login is shown step by step without secrets', async () => {
  const { browser } = session;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue('Team tools');
  await browser.$(byId('server-url-input')).setValue(stack.info.mcp);
  await browser.$(byId('server-save')).click();
  await browser.$(byId('server-item-Team tools')).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
  await browser.$(byId('login')).waitForClickable({ timeout: 20_000 });

  // The browser comes back refused: the failure offers the doctor, one click away.
  let seen = await browserUrlCount();
  await browser.$(byId('login')).click();
  const refusedUrl = await nextBrowserUrl(seen);
  const state = new URL(refusedUrl).searchParams.get('state');
  await openLink(`dev.gatehouse.app:/oauth/callback?error=access_denied&error_description=refused&state=${state}`);
  await browser.$(byId('diagnose')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('diagnose')).click();
  await browser.$(byId('doctor-summary')).waitForDisplayed({ timeout: 30_000 });
  for (const id of ['dns', 'tcp', 'mcp', 'challenge', 'resource', 'issuer', 'registration', 'redirect']) {
    assert.equal(await browser.$(byId(`doctor-check-${id}`)).getAttribute('data-status'), 'pass', id);
  }
  await screenshot(browser, 'doctor');

  // A full login, then its timeline (cleared first, so it shows this login alone).
  await browser.$(byId('diagnose-tab-timeline')).click();
  await browser.$(byId('timeline-clear')).click();
  await browser.waitUntil(async () => (await browser.$$(byId('timeline-step'))).length === 0, {
    timeout: 10_000,
    timeoutMsg: 'the timeline was not cleared',
  });
  seen = await browserUrlCount();
  await browser.$(byId('login')).scrollIntoView();
  await browser.$(byId('login')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('login')).click();
  const authorizationUrl = await nextBrowserUrl(seen);
  const link = await playBrowser(authorizationUrl, ALICE);
  const code = new URL(link.replace('dev.gatehouse.app:', 'https://app.invalid')).searchParams.get('code');
  await openLink(link);
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });

  await browser.waitUntil(async () => (await browser.$$(`${byId('timeline-step')}[data-kind="token"]`)).length > 0, {
    timeout: 20_000,
    timeoutMsg: 'the token step did not appear',
  });
  const kinds = await browser.$$(byId('timeline-step')).map((s) => s.getAttribute('data-kind'));
  for (const kind of ['challenge', 'resourceMetadata', 'serverMetadata', 'registration', 'authorization', 'callback', 'token']) {
    assert.ok(kinds.includes(kind), `${kind} missing from ${kinds}`);
  }
  await screenshot(browser, 'login-timeline');
  // Open the authorization request: each parameter explained.
  const authorization = (await browser.$$(`${byId('timeline-step')}[data-kind="authorization"]`)).at(-1);
  await authorization.$('summary').click();
  const text = await browser.$(byId('timeline')).getText();
  assert.match(text, /code_challenge_method/);
  assert.match(text, /app link/);
  assert.ok(code && !text.includes(code), 'the authorization code appears in full');
  await screenshot(browser, 'login-timeline-authorization');
});
