// The guided journey through the real window, against the local Cloudflare: the setup wizard, login
// through the deep link, a fault in a middle step and Retry, a user outside the policy, teardown from
// the deployments list. The tests run in order and share one app and one local Cloudflare.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, screenshot, startLocalCloudflare } from '../support.mjs';

const ALICE = 'alice@example.com';
const MALLORY = 'mallory@example.org';
const byId = (id) => `[data-testid="${id}"]`;
let cf;
let session;
let initial;

before(async () => {
  // An account that already has a one-time PIN login method, so teardown can leave it exactly as it was.
  cf = await startLocalCloudflare({ identity_providers: [{ name: 'PIN', type: 'onetimepin' }] });
  initial = await cf.state();
  process.env.GATEHOUSE_CLOUDFLARE_API = cf.info.api;
  process.env.GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN = cf.info.token;
  session = await openApp();
  // The banner comes in once the app has asked which Cloudflare it talks to, and moves the sidebar down: a click
  // aimed before it landed would hit whatever moved under it.
  await session.browser.$(byId('local-cloudflare-banner')).waitForDisplayed({ timeout: 20_000 });
});

after(async () => {
  await session?.close();
  cf?.stop();
});

/** A wait that failed leaves a screenshot and says what the window showed instead. */
async function showingInstead(id, wait) {
  try {
    await wait();
  } catch (error) {
    await screenshot(session.browser, `setup-failed-${id}`).catch(() => {});
    const page = await session.browser
      .$('body')
      .getText()
      .catch(() => '(the page could not be read)');
    throw new Error(`${error.message}\nthe window showed:\n${page}`);
  }
}

async function click(id, timeout = 20_000) {
  const el = session.browser.$(byId(id));
  await showingInstead(id, () => el.waitForClickable({ timeout }));
  await el.click();
}

async function waitStep(screen, timeout = 20_000) {
  await showingInstead(`step-${screen}`, () => session.browser.$(byId(`setup-step-${screen}`)).waitForDisplayed({ timeout }));
}

async function waitState(step, state, timeout = 90_000) {
  const row = session.browser.$(byId(`setup-progress-${step}`));
  await session.browser.waitUntil(async () => (await row.getAttribute('data-state')) === state, {
    timeout,
    timeoutMsg: `step ${step} never became ${state}`,
  });
}

/** Welcome → connect → account → who may use it → review, for deployment `name`. */
async function walkToReview(name, { pasteToken, shots = false, tokenKind }) {
  const { browser } = session;
  await click('setup-server');
  await waitStep('welcome');
  if (shots) await screenshot(browser, 'setup-01-welcome');
  await click('setup-next');
  await waitStep('connect');
  await browser.$(byId('local-cloudflare-banner')).waitForDisplayed({ timeout: 10_000 });
  if (pasteToken) {
    await browser.$(byId('cloudflare-token')).setValue(typeof pasteToken === 'string' ? pasteToken : cf.info.token);
    if (shots) await screenshot(browser, 'setup-02-connect');
    await click('setup-next');
  } else {
    await click('cloudflare-use-saved');
  }
  await waitStep('account');
  if (tokenKind) assert.match(await browser.$(byId('setup-token-kind')).getText(), tokenKind);
  if (shots) await screenshot(browser, 'setup-03-account');
  await click('setup-next');
  await waitStep('access');
  const nameField = browser.$(byId('setup-name'));
  await nameField.waitForDisplayed({ timeout: 20_000 });
  await nameField.clearValue();
  await nameField.setValue(name);
  await browser.$(byId('setup-email-input')).setValue(ALICE);
  await click('setup-email-add');
  await browser.$(byId(`setup-email-${ALICE}`)).waitForDisplayed({ timeout: 5_000 });
  if (shots) await screenshot(browser, 'setup-04-who');
  await click('setup-next');
  await waitStep('review');
  await browser.$(byId('setup-plan')).waitForDisplayed({ timeout: 30_000 });
  if (shots) await screenshot(browser, 'setup-05-review');
}

function count(state, kind) {
  return state[kind].length;
}

test('1. from a clean profile with an account API token: the wizard, login through the deep link as an allowed user, whoami', async () => {
  const { browser } = session;
  // Cloudflare refuses an account-owned token at /user/tokens/verify; the wizard says which kind it got and finds
  // its account. The later journeys use the token kept here.
  const token = await cf.mintToken({ kind: 'account', name: 'account-owned' });
  await walkToReview('team-mcp', { pasteToken: token.value, shots: true, tokenKind: /account API token/ });
  await click('setup-apply', 30_000);
  await waitStep('apply');
  await waitState('upload_worker', 'running', 30_000).catch(() => {});
  await screenshot(browser, 'setup-06-apply');
  // The last screen comes only once every step has passed, the Worker's check last. (Waiting for the check's row
  // to say "done" raced that screen replacing the rows.)
  await waitStep('done', 90_000);
  const workerUrl = await browser.$(byId('setup-done-worker-url')).getText();
  assert.match(workerUrl, /^http:\/\/127\.0\.0\.1:\d+/);
  await screenshot(browser, 'setup-07-done');

  const seen = await browserUrlCount();
  await click('setup-login-explore');
  const authorizationUrl = await nextBrowserUrl(seen);
  const link = await playBrowser(authorizationUrl, ALICE);
  assert.match(link, /^dev\.gatehouse\.app:\/oauth\/callback\?/);
  await openLink(link);

  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await click('tab-tools');
  await click('tool-item-whoami');
  await click('tool-call', 10_000);
  const result = browser.$(byId('tool-result'));
  await browser.waitUntil(async () => (await result.getText()).includes(ALICE), {
    timeout: 20_000,
    timeoutMsg: 'whoami did not show the logged-in email',
  });
  await screenshot(browser, 'setup-08-explore-whoami');
});

test('2. a fault in a middle step: the error and its fix, then Retry finishes without duplicates', async () => {
  const { browser } = session;
  await walkToReview('retry-mcp', { pasteToken: false });
  await cf.addFault({ operation: 'access-applications-add-an-application', status: 503, times: 1000 });
  await click('setup-apply', 30_000);
  const error = browser.$(byId('setup-error'));
  await error.waitForDisplayed({ timeout: 90_000 });
  assert.equal(await error.getAttribute('data-code'), 'unavailable');
  const text = await error.getText();
  assert.match(text, /Retry/, text);
  await waitState('access_app', 'failed', 5_000);
  await screenshot(browser, 'setup-09-failed-step');

  await cf.clearFaults();
  await click('setup-retry');
  await waitStep('done', 90_000);
  const state = await cf.state();
  assert.equal(count(state, 'apps'), 2, 'one app per deployment');
  assert.equal(count(state, 'policies'), 2);
  assert.equal(count(state, 'kv_namespaces'), 2);
  assert.equal(count(state, 'scripts'), 2);
});

test('3. a user outside the policy is refused at login, and the app says so', async () => {
  const { browser } = session;
  const seen = await browserUrlCount();
  await click('setup-login-explore');
  const authorizationUrl = await nextBrowserUrl(seen);
  // Access's default block page never comes back to the app; this tests the app's handling of the refusal redirect.
  await cf.setAccessRefusal('error-redirect');
  const link = await playBrowser(authorizationUrl, MALLORY).finally(() => cf.setAccessRefusal('block-page'));
  assert.match(link, /error=access_denied/, link);
  await openLink(link);
  await browser.waitUntil(async () => /not authori[sz]e|refused|denied/i.test(await browser.$('body').getText()), {
    timeout: 20_000,
    timeoutMsg: 'the refusal was not shown',
  });
  await screenshot(browser, 'setup-10-refused');
  assert.equal(await browser.$(byId('server-info')).isExisting(), false, 'no session for a refused user');
});

test('4. teardown from the deployments list leaves the local Cloudflare empty', async () => {
  const { browser } = session;
  await click('nav-deployments');
  await browser.$(byId('deployment-team-mcp')).waitForDisplayed({ timeout: 20_000 });
  await browser.$(byId('deployment-health-team-mcp')).waitForDisplayed({ timeout: 30_000 });
  await screenshot(browser, 'setup-11-deployments');
  for (const name of ['team-mcp', 'retry-mcp']) {
    await click(`deployment-teardown-${name}`);
    await browser.$(byId('teardown-confirm-input')).setValue(name);
    if (name === 'team-mcp') await screenshot(browser, 'setup-12-teardown-confirm');
    await click('teardown-confirm');
    await browser.$(byId('teardown-report')).waitForDisplayed({ timeout: 60_000 });
    await browser.waitUntil(async () => !(await browser.$(byId(`deployment-${name}`)).isExisting()), {
      timeout: 20_000,
      timeoutMsg: `${name} is still listed`,
    });
  }
  await screenshot(browser, 'setup-13-torn-down');
  const state = await cf.state();
  for (const kind of ['apps', 'policies', 'kv_namespaces', 'scripts']) assert.deepEqual(state[kind], [], kind);
  assert.deepEqual(state.identity_providers, initial.identity_providers);
  assert.deepEqual(await cf.violations(), [], 'every request matched the contract');
});
