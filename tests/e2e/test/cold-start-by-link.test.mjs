// A login link that arrives while the app is closed: the OS starts the app with the link as its only
// argument, and the login the previous run began still completes (its PKCE state is in the keychain). A link that
// cannot be used is reported in the window, however early it came.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, playBrowser, screenshot, startWorkerStack } from '../support.mjs';

const BOB = 'bob@example.com';
let stack;
let session;

before(async () => {
  stack = await startWorkerStack({ autoLogin: BOB });
});

after(async () => {
  await session?.close();
  stack?.stop();
});

const byId = (id) => `[data-testid="${id}"]`;

test('a link that cold-starts the app finishes the login begun before it was closed', async () => {
  session = await openApp();
  let { browser } = session;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue('Cold start');
  await browser.$(byId('server-url-input')).setValue(stack.info.mcp);
  await browser.$(byId('server-save')).click();
  await browser.$(byId('server-item-Cold start')).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
  await browser.$(byId('login')).waitForClickable({ timeout: 20_000 });
  const seen = await browserUrlCount();
  await browser.$(byId('login')).click();
  const authorizationUrl = await nextBrowserUrl(seen);

  // The user closes Gatehouse before the browser is done.
  await session.close();
  const link = await playBrowser(authorizationUrl, BOB);
  assert.match(link, /^dev\.gatehouse\.app:\/oauth\/callback\?/);

  session = await openApp({ args: [link] });
  ({ browser } = session);
  await browser.$(byId('server-item-Cold start')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('server-item-Cold start')).click();
  // The link waited for the page to listen, so the page hears the login finish and connects on its own: nobody
  // clicks Connect.
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await screenshot(browser, '06-cold-start-by-link');
});

test('a damaged link that cold-starts the app is reported, not dropped', async () => {
  await session?.close();
  // Not even a URL (an unclosed IPv6 host): the OS still hands it over, as it has the app's scheme.
  session = await openApp({ args: ['dev.gatehouse.app://[oops/oauth/callback'] });
  const { browser } = session;
  const notice = browser.$(byId('link-rejected'));
  await notice.waitForDisplayed({ timeout: 20_000 });
  assert.match(await notice.getText(), /not a Gatehouse login link/);
});

test('an unexpected link that cold-starts the app is reported: it matches no login', async () => {
  await session?.close();
  session = await openApp({ args: ['dev.gatehouse.app:/oauth/callback?code=stale&state=from-another-login'] });
  const { browser } = session;
  const notice = browser.$(byId('link-rejected'));
  await notice.waitForDisplayed({ timeout: 20_000 });
  assert.match(await notice.getText(), /Start the login again/);
});
