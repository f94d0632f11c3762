// gatehouse-cli against the local Cloudflare, with the real keychain: `setup apply` produces a Worker
// that a policy-allowed user logs in to and calls, a disallowed one cannot, and `setup teardown` undoes it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { root, startLocalCloudflare } from '../support.mjs';

const run = promisify(execFile);
const cli = process.env.GATEHOUSE_E2E_CLI ?? '';
const ALICE = 'alice@example.com';
const MALLORY = 'mallory@example.org';
let cf;
let env;

before(async () => {
  cf = await startLocalCloudflare({ identity_providers: [{ name: 'PIN', type: 'onetimepin' }] });
  env = {
    ...process.env,
    CLOUDFLARE_API_TOKEN: cf.info.token,
    GATEHOUSE_CLOUDFLARE_API: cf.info.api,
    GATEHOUSE_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'gatehouse-cli-')),
  };
});

after(() => cf?.stop());

const gatehouse = (...args) => run(cli, args, { env, timeout: 120_000 });

/** `login --print-url`: the browser stand-in plays the URL it prints; resolves with the exit code. */
async function login(mcp, email) {
  const child = spawn(cli, ['login', mcp, '--print-url'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Listen before the browser plays: the CLI may exit before play-browser returns.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const browser = await run(process.execPath, [join(root, 'tests/support/play-browser.mjs'), url, '--email', email, '--deliver']).catch((e) => e);
  const code = await exited;
  return { code, stderr, landed: browser.stdout?.trim() ?? '' };
}

test('setup apply, log in and call as an allowed user, refuse another, teardown', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  const plan = await gatehouse('setup', 'plan', '--name', 'cli-mcp', '--allow-email', ALICE);
  assert.match(plan.stdout, /create\s+Access for SaaS application/);

  const applied = await gatehouse('setup', 'apply', '--name', 'cli-mcp', '--allow-email', ALICE, '--json');
  const deployment = JSON.parse(applied.stdout);
  assert.equal(deployment.complete, true);
  assert.match(applied.stderr, /✓ Check the Worker asks for a login/);
  assert.ok(!applied.stderr.includes(cf.info.token), 'the token is never printed');

  const status = JSON.parse((await gatehouse('setup', 'status', '--name', 'cli-mcp', '--json')).stdout);
  assert.equal(status.health.healthy, true, JSON.stringify(status.health));
  const mcp = status.deployment.mcpUrl;
  assert.match(mcp, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

  const alice = await login(mcp, ALICE);
  assert.equal(alice.code, 0, alice.stderr);
  const whoami = await gatehouse('tools', 'call', mcp, 'whoami');
  assert.match(whoami.stdout, new RegExp(ALICE));

  await gatehouse('logout', mcp);
  // The refusal redirect (the stand-in's option; Access's default block page never comes back to the CLI).
  await cf.setAccessRefusal('error-redirect');
  const mallory = await login(mcp, MALLORY);
  await cf.setAccessRefusal('block-page');
  assert.equal(mallory.code, 8, `login refused: ${mallory.stderr}`);
  const refused = await gatehouse('tools', 'call', mcp, 'whoami').catch((e) => e);
  assert.equal(refused.code, 3, 'no login, no call');

  // The app saves a server for a deployment it set up and records it in the state file (record_server); a
  // teardown from the CLI forgets that server too, as the app's does.
  const config = env.GATEHOUSE_CONFIG_DIR;
  const saved = { id: 'from-the-app', name: 'cli-mcp', url: mcp, headers: [], timeoutSecs: 60, oauthClientId: null, hasClientSecret: false };
  await writeFile(join(config, 'servers.json'), JSON.stringify([saved]));
  const stateFile = join(config, 'deployments', 'cli-mcp.json');
  await writeFile(stateFile, JSON.stringify({ ...JSON.parse(await readFile(stateFile, 'utf8')), server_id: saved.id }));

  const teardown = await gatehouse('setup', 'teardown', '--name', 'cli-mcp');
  assert.match(teardown.stdout, /removed: Worker "cli-mcp"/);
  assert.match(teardown.stdout, /removed: the saved server in Gatehouse/);
  assert.deepEqual(JSON.parse(await readFile(join(config, 'servers.json'), 'utf8')), []);
  const state = await cf.state();
  for (const kind of ['apps', 'policies', 'kv_namespaces', 'scripts']) assert.deepEqual(state[kind], [], kind);
  assert.deepEqual(await cf.violations(), []);
});

test('an account API token: the CLI says so, finds its account, sets up and tears down', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  // Cloudflare refuses an account-owned token at /user/tokens/verify (code 1000); it verifies at the account.
  const token = await cf.mintToken({ kind: 'account', name: 'account-owned' });
  const accountEnv = { ...env, CLOUDFLARE_API_TOKEN: token.value, GATEHOUSE_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'gatehouse-cli-')) };
  const withAccountToken = (...args) => run(cli, args, { env: accountEnv, timeout: 120_000 });

  const plan = await withAccountToken('setup', 'plan', '--name', 'acct-mcp', '--allow-email', ALICE);
  assert.match(plan.stderr, /Using an account API token/);
  assert.match(plan.stdout, /check\s+Check the API token: The account API token is active/);

  const applied = await withAccountToken('setup', 'apply', '--name', 'acct-mcp', '--allow-email', ALICE, '--json');
  assert.equal(JSON.parse(applied.stdout).complete, true);
  assert.match(applied.stderr, /✓ Check the API token .*account API token is active/);
  assert.ok(!applied.stderr.includes(token.value), 'the token is never printed');
  const status = JSON.parse((await withAccountToken('setup', 'status', '--name', 'acct-mcp', '--json')).stdout);
  assert.equal(status.health.healthy, true, JSON.stringify(status.health));

  await withAccountToken('setup', 'teardown', '--name', 'acct-mcp');
  const state = await cf.state();
  for (const kind of ['apps', 'policies', 'kv_namespaces', 'scripts']) assert.deepEqual(state[kind], [], kind);
  assert.deepEqual(await cf.violations(), []);
});

test('a Cloudflare token that is refused, or none at all, exits 10 with a fix about the token', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  const refused = await run(cli, ['setup', 'plan', '--allow-email', ALICE], { env: { ...env, CLOUDFLARE_API_TOKEN: 'not-a-token' } }).catch((e) => e);
  assert.equal(refused.code, 10, refused.stderr);
  assert.match(refused.stderr, /fix: .*CLOUDFLARE_API_TOKEN.*dash\.cloudflare\.com\/profile\/api-tokens/);
  assert.doesNotMatch(refused.stderr, /gatehouse-cli login/);

  // No token in the environment, none in the keychain (a service nothing was saved under).
  const { CLOUDFLARE_API_TOKEN: _, ...noToken } = env;
  const none = await run(cli, ['setup', 'plan', '--allow-email', ALICE], { env: { ...noToken, GATEHOUSE_KEYCHAIN_SERVICE: 'dev.gatehouse.e2e-empty' } }).catch((e) => e);
  assert.equal(none.code, 10, none.stderr);
  assert.match(none.stderr, /No Cloudflare API token/);
  assert.match(none.stderr, /fix: Set CLOUDFLARE_API_TOKEN/);
});

test('setup reads the API from apiBase in cloudflare.json, as the app does', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  const config = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
  await writeFile(join(config, 'cloudflare.json'), JSON.stringify({ apiBase: cf.info.api }));
  const { GATEHOUSE_CLOUDFLARE_API: _, ...withoutApi } = env;
  const plan = await run(cli, ['setup', 'plan', '--name', 'from-settings', '--allow-email', ALICE], { env: { ...withoutApi, GATEHOUSE_CONFIG_DIR: config }, timeout: 120_000 });
  assert.match(plan.stdout, /create\s+Access for SaaS application/);
});
