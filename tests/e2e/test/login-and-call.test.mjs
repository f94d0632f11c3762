// The real window: add a server protected by OAuth, log in through the deep link (the test plays
// the browser, the OS hand-off is a second launch of the binary), list tools, call whoami.
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

test('connect to an OAuth-protected server, log in through the deep link, call whoami', async () => {
  const { browser } = session;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await screenshot(browser, '01-welcome');
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue('Team tools');
  await browser.$(byId('server-url-input')).setValue(stack.info.mcp);
  await screenshot(browser, '02-add-server');
  await browser.$(byId('server-save')).click();

  await browser.$(byId('server-item-Team tools')).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
  await browser.$(byId('login')).waitForClickable({ timeout: 20_000 });
  await screenshot(browser, '03-login-required');

  // A garbage link is refused visibly and changes nothing.
  await openLink('dev.gatehouse.app:/oauth/callback?code=forged&state=forged');
  await browser.waitUntil(async () => (await browser.$('body').getText()).includes('no login is waiting'), {
    timeout: 10_000,
    timeoutMsg: 'the refused link was not reported',
  });

  const seen = await browserUrlCount();
  await browser.$(byId('login')).click();
  const authorizationUrl = await nextBrowserUrl(seen);
  await browser.$(byId('login-waiting')).waitForDisplayed({ timeout: 10_000 });
  await screenshot(browser, '04-login-waiting');
  const link = await playBrowser(authorizationUrl, ALICE);
  assert.match(link, /^dev\.gatehouse\.app:\/oauth\/callback\?/);
  await openLink(link);

  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  const protocol = await browser.$(byId('protocol-version')).getText();
  assert.match(protocol, /2025-11-25|2026-07-28/);

  await browser.$(byId('tab-tools')).click();
  await browser.$(byId('tool-item-whoami')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('tool-item-whoami')).click();
  await browser.$(byId('tool-call')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('tool-call')).click();
  const result = browser.$(byId('tool-result'));
  await browser.waitUntil(async () => (await result.getText()).includes(ALICE), {
    timeout: 20_000,
    timeoutMsg: 'whoami did not show the logged-in email',
  });
  // The refused link's toast has been seen; close it so that it does not cover the result in the screenshot.
  for (const dismiss of await browser.$$('.toast button[aria-label="Dismiss"]')) await dismiss.click();
  await browser.waitUntil(async () => (await browser.$$('.toast')).length === 0, { timeout: 5_000, timeoutMsg: 'a toast stayed open' });
  await screenshot(browser, '05-whoami-result');
});
