// gatehouse-cli against the project's Worker (workerd, with the Access stand-in), with the real keychain: a call to
// the tool that asks for a form (order_coffee) is answered with the form's defaults under `--elicitation defaults`,
// and declined without it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';

import { root, startWorkerStack } from '../support.mjs';

const run = promisify(execFile);
const cli = process.env.GATEHOUSE_E2E_CLI ?? '';
const ALICE = 'alice@example.com';
let stack;
let env;

before(async () => {
  if (!cli) return;
  stack = await startWorkerStack({ autoLogin: ALICE });
  env = { ...process.env, GATEHOUSE_CONFIG_DIR: await mkdtemp(join(tmpdir(), 'gatehouse-cli-elicit-')) };
});

after(() => stack?.stop());

const gatehouse = (...args) => run(cli, args, { env, timeout: 120_000 });

/** `login --print-url`: the browser stand-in plays the URL it prints; resolves with the exit code. */
async function login(mcp, email) {
  const child = spawn(cli, ['login', mcp, '--print-url'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  await run(process.execPath, [join(root, 'tests/support/play-browser.mjs'), url, '--email', email, '--deliver']).catch((e) => e);
  return { code: await exited, stderr };
}

test('tools call --elicitation defaults answers the Worker’s form with its defaults', { skip: !cli && 'GATEHOUSE_E2E_CLI not set' }, async () => {
  const mcp = stack.info.mcp;
  const logged = await login(mcp, ALICE);
  assert.equal(logged.code, 0, logged.stderr);

  const defaults = await gatehouse('tools', 'call', mcp, 'order_coffee', '--elicitation', 'defaults', '--json');
  const answered = JSON.parse(defaults.stdout);
  // Every field of the form has a default (SEP-1034): the order is made of them alone.
  assert.equal(answered.structuredContent.action, 'accept', defaults.stdout);
  assert.deepEqual(answered.structuredContent.order, {
    name: 'Guest',
    size: 'medium',
    milk: 'oat',
    extras: ['cinnamon'],
    shots: 2,
    decaf: false,
  });
  assert.match(defaults.stdout, /One medium coffee for Guest: 2 shots, oat milk with cinnamon\./);

  // Without the flag the form is declined, as the help says.
  const declined = await gatehouse('tools', 'call', mcp, 'order_coffee');
  assert.match(declined.stdout, /No coffee then: you declined the order\./);
});
