// Cold starts of the real app: spawn → first paint, and idle memory.
// First paint: from spawning the process to the UI's first IPC call, which it makes as it first renders
// (the app logs "ui ready"). Memory: proportional set size (PSS, /proc/PID/smaps_rollup) summed over the
// app and its WebKit child processes, after 10 s idle.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { app, pssMiB, sleep, smapsKiB, ussMiB } from '../support.mjs';

/** The app's processes: its own and WebKit's (not WebKitWebDriver, when it runs under tauri-driver). */
export const APP_PROCESSES = /^(gatehouse|WebKitWebProc|WebKitNetworkPr|WebKitGPUProces)/;

const ownMiB = (pid, fields) => smapsKiB(pid, fields) / 1024;
const USS = ['Private_Clean', 'Private_Dirty'];

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `runs` cold starts, each with the settings folder `configDir(run)`: first-paint times (ms) and idle PSS (MiB). */
export async function coldStarts(runs, configDir) {
  const starts = [];
  const memory = [];
  const uss = [];
  const webKit = [];
  for (let run = 0; run < runs; run += 1) {
    const t0 = performance.now();
    const child = spawn(app, [], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GATEHOUSE_CONFIG_DIR: configDir(run) } });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "ui ready" within 30 s')), 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('ui ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    starts.push(performance.now() - t0);
    await sleep(10_000);
    memory.push(ownMiB(child.pid, ['Pss']) + pssMiB(child.pid, APP_PROCESSES));
    uss.push(ownMiB(child.pid, USS) + ussMiB(child.pid, APP_PROCESSES));
    webKit.push(webKitProcesses());
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return { starts, memory, uss, webKit };
}

/** How many WebKit web processes run on the machine, the app's included (they share the system libraries' pages,
 * which lowers every one's PSS). */
export function webKitProcesses() {
  return readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'WebKitWebProces';
    } catch {
      return false;
    }
  }).length;
}

/** Four report lines: the median first paint and idle PSS, and every run's. */
export function startLines({ starts, memory, uss, webKit }) {
  return [
    `  spawn → first paint     : ${median(starts).toFixed(0)} ms   (all: ${starts.map((s) => s.toFixed(0)).join(', ')})`,
    `  idle PSS (app + WebKit) : ${median(memory).toFixed(0)} MiB   (all: ${memory.map((m) => m.toFixed(0)).join(', ')})`,
    `  idle USS (private)      : ${median(uss).toFixed(0)} MiB   (all: ${uss.map((m) => m.toFixed(0)).join(', ')})`,
    `  WebKit web processes on the machine at each measure, the app's included: ${webKit.join(', ')} (both memory` +
      ` figures fall when other WebKit windows share the library pages: compare runs with the same count)`,
  ];
}
