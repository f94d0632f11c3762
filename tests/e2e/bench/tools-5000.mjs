// The real window with a server of 5,000 tools: time from asking the core for the list to the list on
// screen, and from a keystroke in the filter to the filtered list, read from the UI's performance marks.
//   make bench-app  (runs this inside the headless session of tests/e2e/run.sh)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { openApp, screenshot, sleep } from '../support.mjs';

// GATEHOUSE_BENCH_ROUNDS: more rounds for a steadier median on a busy machine.
const ROUNDS = Number(process.env.GATEHOUSE_BENCH_ROUNDS ?? 5);
const server = spawn(process.execPath, [fileURLToPath(new URL('./many-tools-server.mjs', import.meta.url)), '5000'], { stdio: ['ignore', 'pipe', 'inherit'] });
const { mcp } = JSON.parse(await new Promise((r) => createInterface({ input: server.stdout }).once('line', r)));
const session = await openApp();
const { browser } = session;
const byId = (id) => browser.$(`[data-testid="${id}"]`);
const marks = () => browser.execute(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
const between = (list, from, to) => {
  const start = [...list].reverse().find(([n]) => n === from)?.[1];
  const end = [...list].reverse().find(([n]) => n === to)?.[1];
  return start !== undefined && end !== undefined ? end - start : NaN;
};

try {
  await byId('add-server').waitForClickable({ timeout: 20_000 });
  await byId('add-server').click();
  await byId('server-name-input').setValue('Many tools');
  await byId('server-url-input').setValue(mcp);
  await byId('server-save').click();
  await byId('server-item-Many tools').click();
  await byId('connect').click();
  const list = [];
  const filter = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round > 0) {
      // Reconnect so the list is fetched and rendered again from nothing.
      await byId('disconnect').click();
      await byId('connect').waitForClickable({ timeout: 10_000 });
      await byId('connect').click();
    }
    await byId('server-info').waitForDisplayed({ timeout: 20_000 });
    await byId('tab-tools').click();
    await byId('tool-filter').waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(async () => (await marks()).some(([n]) => n === 'gatehouse:tools-rendered'), { timeout: 20_000 });
    list.push({
      total: between(await marks(), 'gatehouse:tools-requested', 'gatehouse:tools-rendered'),
      ipc: between(await marks(), 'gatehouse:tools-requested', 'gatehouse:tools-received'),
      render: between(await marks(), 'gatehouse:tools-received', 'gatehouse:tools-rendered'),
    });
    await byId('tool-filter').setValue(`delete_report_${4000 + round}`);
    await sleep(300);
    filter.push(between(await marks(), 'gatehouse:tools-filter-input', 'gatehouse:tools-filtered'));
    await browser.execute(() => performance.clearMarks());
  }
  await screenshot(browser, 'bench-5000-tools');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (x) => `${x.toFixed(0)} ms`;
  console.log(`5,000 tools in the real window (${ROUNDS} rounds, median; goals ≤ 100 ms list, ≤ 16 ms filter):`);
  console.log(`  request → list rendered : ${fmt(median(list.map((l) => l.total)))}  (core + IPC ${fmt(median(list.map((l) => l.ipc)))}, render ${fmt(median(list.map((l) => l.render)))})`);
  console.log(`  keystroke → filtered    : ${fmt(median(filter))}`);
  console.log(`  all rounds: ${JSON.stringify({ list, filter })}`);
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await session.close();
  server.kill('SIGTERM');
}
