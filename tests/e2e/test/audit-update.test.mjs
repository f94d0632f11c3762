// The deployment audit and "Update the server", in the real window and through gatehouse-cli, against the local
// Cloudflare: an older bundle is found and updated in place, the user logged in before still gets whoami without a
// new login (the same KV data), and a broken thing is found and fixed.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { deployOlderBundle } from '../older-bundle.mjs';
import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, root, screenshot, startLocalCloudflare } from '../support.mjs';

const run = promisify(execFile);
const cli = process.env.GATEHOUSE_E2E_CLI ?? '';
const ALICE = 'alice@example.com';
const byId = (id) => `[data-testid="${id}"]`;
let cf;
let session;

before(async () => {
  cf = await startLocalCloudflare({ identity_providers: [{ name: 'PIN', type: 'onetimepin' }] });
  process.env.GATEHOUSE_CLOUDFLARE_API = cf.info.api;
  process.env.GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN = cf.info.token;
});

after(async () => {
  await session?.close();
  cf?.stop();
});

async function click(id, timeout = 20_000) {
  const el = session.browser.$(byId(id));
  await el.waitForClickable({ timeout });
  await el.click();
}

async function attribute(id, name, value, timeout = 90_000) {
  const el = session.browser.$(byId(id));
  try {
    await session.browser.waitUntil(async () => (await el.isExisting()) && (await el.getAttribute(name)) === value, {
      timeout,
      timeoutMsg: `${id} never had ${name}=${value}`,
    });
  } catch (error) {
    await screenshot(session.browser, `audit-failed-${id}`);
    const page = await session.browser.$('body').getText();
    throw new Error(`${error.message}\n${page}`);
  }
}

async function whoamiInWindow() {
  const { browser } = session;
  await click('tab-tools');
  await click('tool-item-whoami');
  await click('tool-call', 10_000);
  const result = browser.$(byId('tool-result'));
  await browser.waitUntil(async () => (await result.getText()).includes(ALICE), {
    timeout: 30_000,
    timeoutMsg: 'whoami did not show the logged-in email',
  });
}

test('in the window: an older bundle found, updated in place, whoami still works; a deleted secret found and fixed', async () => {
  session = await openApp();
  const { browser } = session;
  // The local-Cloudflare banner moves the sidebar down when it comes in: wait for it before aiming a click.
  await browser.$(byId('local-cloudflare-banner')).waitForDisplayed({ timeout: 20_000 });
  const name = 'audit-mcp';
  // The wizard, with the local Cloudflare's token.
  const waitStep = (screen) => browser.$(byId(`setup-step-${screen}`)).waitForDisplayed({ timeout: 20_000 });
  await click('setup-server');
  await waitStep('welcome');
  await click('setup-next');
  await waitStep('connect');
  await browser.$(byId('cloudflare-token')).setValue(cf.info.token);
  await click('setup-next');
  await waitStep('account');
  await click('setup-next');
  await waitStep('access');
  const nameField = browser.$(byId('setup-name'));
  await nameField.waitForDisplayed({ timeout: 20_000 });
  await nameField.clearValue();
  await nameField.setValue(name);
  await browser.$(byId('setup-email-input')).setValue(ALICE);
  await click('setup-email-add');
  await click('setup-next');
  await waitStep('review');
  await browser.$(byId('setup-plan')).waitForDisplayed({ timeout: 30_000 });
  await click('setup-apply', 30_000);
  await attribute('setup-progress-check_worker', 'data-state', 'done');

  // Alice logs in and calls whoami.
  const seen = await browserUrlCount();
  await click('setup-login-explore');
  await openLink(await playBrowser(await nextBrowserUrl(seen), ALICE));
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await whoamiInWindow();

  // An older bundle goes up; Check thoroughly finds it, Update the server brings it up to date in place.
  await deployOlderBundle(cf, name);
  await click('nav-deployments');
  await click(`audit-run-${name}`, 30_000);
  await attribute('audit-finding-worker.bundle', 'data-outcome', 'fail');
  await screenshot(browser, 'audit-01-older-bundle');
  const calls = (await cf.calls()).length;
  const started = Date.now();
  await click(`audit-update-${name}`);
  await attribute(`audit-result-${name}`, 'data-passed', 'true', 120_000);
  const updateMs = Date.now() - started;
  const updateCalls = (await cf.calls()).length - calls;
  console.log(`MEASURE update from the window (incl. the audit after it): ${updateCalls} API calls, ${updateMs} ms`);
  await screenshot(browser, 'audit-02-updated');

  // A secret deleted in the dashboard: found, and put again with the fix button.
  await cf.brk({ what: 'delete-secret', script: name, name: 'ACCESS_CLIENT_ID' });
  await click(`audit-run-${name}`);
  await attribute('audit-finding-worker.secrets', 'data-outcome', 'fail');
  await screenshot(browser, 'audit-03-secret-missing');
  await click('audit-fix-worker.secrets');
  await attribute(`audit-result-${name}`, 'data-passed', 'true', 120_000);

  // Alice's login from before the update still works: no new login (the browser is never opened again).
  const urls = await browserUrlCount();
  await click(`server-item-${name}`);
  const connect = browser.$(byId('connect'));
  const info = browser.$(byId('server-info'));
  await browser.waitUntil(async () => (await info.isDisplayed()) || (await connect.isDisplayed()), { timeout: 20_000 });
  if (await connect.isDisplayed()) await connect.click();
  await info.waitForDisplayed({ timeout: 30_000 });
  await whoamiInWindow();
  await screenshot(browser, 'audit-04-whoami-after-update');
  assert.equal(await browserUrlCount(), urls, 'no new login was needed');
  assert.deepEqual(await cf.violations(), [], 'every request matched the contract');
});

const gatehouse = (env, ...args) => run(cli, args, { env, timeout: 180_000 }).catch((e) => e);

test('through gatehouse-cli: setup audit finds, --fix fixes, setup update updates in place', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  const env = {
    ...process.env,
    CLOUDFLARE_API_TOKEN: cf.info.token,
    GATEHOUSE_CLOUDFLARE_API: cf.info.api,
    GATEHOUSE_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'gatehouse-cli-audit-')),
  };
  const name = 'cli-audit-mcp';
  const applied = await gatehouse(env, 'setup', 'apply', '--name', name, '--allow-email', ALICE, '--json');
  assert.equal(applied.code ?? 0, 0, applied.stderr);
  const mcp = JSON.parse(applied.stdout).mcpUrl;
  const clean = await gatehouse(env, 'setup', 'audit', '--name', name, '--json');
  assert.equal(clean.code ?? 0, 0, clean.stdout);
  assert.equal(JSON.parse(clean.stdout).passed, true);

  // Log in from the CLI and call whoami.
  const child = spawn(cli, ['login', mcp, '--print-url'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  await run(process.execPath, [join(root, 'tests/support/play-browser.mjs'), url, '--email', ALICE, '--deliver']);
  assert.equal(await exited, 0);
  assert.match((await gatehouse(env, 'tools', 'call', mcp, 'whoami')).stdout, new RegExp(ALICE));

  // An older bundle and a Worker broken twice over: exit 11, each finding with its fix.
  await deployOlderBundle(cf, name);
  await cf.brk({ what: 'workers-dev', script: name, enabled: false });
  await cf.brk({ what: 'delete-secret', script: name, name: 'COOKIE_ENCRYPTION_KEY' });
  const found = await gatehouse(env, 'setup', 'audit', '--name', name, '--json');
  assert.equal(found.code, 11, found.stderr);
  const audit = JSON.parse(found.stdout);
  const failed = Object.fromEntries(audit.findings.filter((f) => f.outcome === 'fail').map((f) => [f.id, f.fix]));
  assert.equal(failed['worker.workers_dev'], 'enableWorkersDev');
  // workers.dev off: the Worker does not answer, so its bundle is told once it is back on.
  const human = await gatehouse(env, 'setup', 'audit', '--name', name);
  assert.match(human.stdout, /✗ workers\.dev address is on/);
  assert.match(human.stdout, /fix: /);

  const fixed = await gatehouse(env, 'setup', 'audit', '--name', name, '--fix');
  assert.equal(fixed.code ?? 0, 0, `${fixed.stdout}\n${fixed.stderr}`);
  assert.match(fixed.stdout, /every check passed/);

  // An older bundle alone: setup update puts this one up in place.
  await deployOlderBundle(cf, name);
  const older = await gatehouse(env, 'setup', 'audit', '--name', name, '--json');
  assert.equal(older.code, 11);
  assert.equal(JSON.parse(older.stdout).findings.find((f) => f.id === 'worker.bundle').fix, 'updateServer');
  const calls = (await cf.calls()).length;
  const started = Date.now();
  const updated = await gatehouse(env, 'setup', 'update', '--name', name, '--json');
  console.log(`MEASURE update through the CLI (incl. the audit after it): ${(await cf.calls()).length - calls} API calls, ${Date.now() - started} ms`);
  assert.equal(updated.code ?? 0, 0, updated.stderr);
  assert.equal(JSON.parse(updated.stdout).passed, true);

  // The login from before still works (same KV data); no new login.
  assert.match((await gatehouse(env, 'tools', 'call', mcp, 'whoami')).stdout, new RegExp(ALICE));
});
