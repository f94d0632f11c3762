// 20 saved servers, 5 of them connected at once: cold start and idle memory with 20 saved (as
// bench/cold-start.mjs measures them), then the app's memory with 5 sessions open, after 10 s idle.
//   make bench-app  (runs this inside the headless session of tests/e2e/run.sh)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { openApp, pssMiB, sleep, ussMiB } from '../support.mjs';
import { APP_PROCESSES, coldStarts, median, startLines } from './cold-start.mjs';

const SAVED = 20;
const CONNECTED = 5;
const RUNS = 3;
// One server of 100 tools stands in for all 20 (it is stateless: each session is its own).
const server = spawn(process.execPath, [fileURLToPath(new URL('./many-tools-server.mjs', import.meta.url)), '100'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { mcp } = JSON.parse(await new Promise((r) => createInterface({ input: server.stdout }).once('line', r)));
const names = Array.from({ length: SAVED }, (_, i) => `Server ${String(i + 1).padStart(2, '0')}`);

/** A settings folder holding the 20 servers, as the app saves them. */
function configWithServers(dir) {
  mkdirSync(dir, { recursive: true });
  const profiles = names.map((name, i) => ({
    id: `bench${String(i).padStart(11, '0')}`,
    name,
    url: mcp,
    headers: [],
    timeoutSecs: 30,
    oauthClientId: null,
    hasClientSecret: false,
  }));
  writeFileSync(`${dir}/servers.json`, JSON.stringify(profiles, null, 2));
  return dir;
}

try {
  const base = `${process.env.GATEHOUSE_CONFIG_DIR}-servers`;
  const starts = await coldStarts(RUNS, (run) => configWithServers(`${base}-${run}`));

  const session = await openApp({ env: { GATEHOUSE_CONFIG_DIR: configWithServers(`${base}-connected`) } });
  const { browser } = session;
  const byId = (id) => browser.$(`[data-testid="${id}"]`);
  let connected;
  try {
    for (const name of names.slice(0, CONNECTED)) {
      await byId(`server-item-${name}`).waitForClickable({ timeout: 20_000 });
      await byId(`server-item-${name}`).click();
      await byId('connect').waitForClickable({ timeout: 20_000 });
      await byId('connect').click();
      await byId('server-info').waitForDisplayed({ timeout: 20_000 });
      await byId('tab-tools').click();
      await byId('tool-filter').waitForDisplayed({ timeout: 20_000 });
    }
    await sleep(10_000);
    const samples = [];
    const private_ = [];
    for (let i = 0; i < 3; i += 1) {
      samples.push(pssMiB(session.driverPid, APP_PROCESSES));
      private_.push(ussMiB(session.driverPid, APP_PROCESSES));
      await sleep(1_000);
    }
    connected = `${median(samples)} MiB, USS ${median(private_)} MiB`;
  } finally {
    await session.close();
  }
  console.log(`${SAVED} servers saved (${RUNS} runs, median; goals as above):`);
  for (const line of startLines(starts)) console.log(line);
  console.log(`  ${CONNECTED} connected, idle PSS  : ${connected} (app + WebKit, tools listed in each)`);
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  server.kill('SIGTERM');
}
