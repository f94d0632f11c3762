// Cold starts of the real app: spawn → first paint, and idle memory.
// First paint: from spawning the process to the first screen on the display, read from Xvfb's framebuffer
// (../screen.mjs): the first poll that finds the window's page painted. Also timed, from the app's log: the window
// made, its page starting and finishing to load, and "ui ready" (the UI's first IPC call, once React has rendered
// and the first screen answers clicks). Memory: proportional set size (PSS, /proc/PID/smaps_rollup) summed over the
// app and its WebKit child processes, after 10 s idle.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';

import { coloursNow, firstPainted } from '../screen.mjs';
import { app, pssMiB, sleep, smapsKiB, ussMiB } from '../support.mjs';

/** The app's processes: its own (by the binary's name, as the kernel keeps it: 15 characters) and WebKit's (not
 * WebKitWebDriver, when it runs under tauri-driver). */
const ownName = basename(app).slice(0, 15).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const APP_PROCESSES = new RegExp(`^(${ownName}$|WebKitWebProc|WebKitNetworkPr|WebKitGPUProces)`);

const ownMiB = (pid, fields) => smapsKiB(pid, fields) / 1024;
const USS = ['Private_Clean', 'Private_Dirty'];

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The app's log lines that mark its start, and what each is called in the report. */
const STEPS = [
  ['start-up: window made', 'window made'],
  ['start-up: page load started', 'page load started'],
  ['start-up: page loaded', 'page loaded'],
  ['ui ready', 'ui ready'],
];

/**
 * `runs` cold starts, each with the settings folder `configDir(run)`: the first paint on screen (ms), each step of
 * the start (ms from spawn, by step name), idle PSS and USS (MiB) and the WebKit windows on the machine.
 */
export async function coldStarts(runs, configDir) {
  const starts = [];
  const steps = [];
  const memory = [];
  const uss = [];
  const webKit = [];
  for (let run = 0; run < runs; run += 1) {
    // The display must be empty: a window left over would count as this start's paint.
    for (let wait = 0; coloursNow() > 1; wait += 1) {
      if (wait === 100) throw new Error('the display still shows a window before the start');
      await sleep(50);
    }
    const t0 = performance.now();
    const child = spawn(app, [], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GATEHOUSE_CONFIG_DIR: configDir(run) } });
    const seen = {};
    const logged = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "ui ready" within 30 s')), 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        const step = STEPS.find(([text, name]) => line.includes(text) && !(name in seen));
        if (step) seen[step[1]] = performance.now() - t0;
        if (line.includes('ui ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const painted = await firstPainted();
    await logged;
    starts.push(painted - t0);
    steps.push(seen);
    await sleep(10_000);
    memory.push(ownMiB(child.pid, ['Pss']) + pssMiB(child.pid, APP_PROCESSES));
    uss.push(ownMiB(child.pid, USS) + ussMiB(child.pid, APP_PROCESSES));
    webKit.push(webKitProcesses());
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  return { starts, steps, memory, uss, webKit };
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

/** The report's lines: the median first paint, the start's steps, idle PSS and USS, and every run's. */
export function startLines({ starts, steps, memory, uss, webKit }) {
  const step = (name) => median(steps.map((s) => s[name] ?? NaN)).toFixed(0);
  return [
    `  spawn → first paint     : ${median(starts).toFixed(0)} ms   (all: ${starts.map((s) => s.toFixed(0)).join(', ')}; on the display)`,
    `  the start's steps (ms from spawn, medians): ${STEPS.map(([, name]) => `${name} ${step(name)}`).join(', ')}`,
    `  idle PSS (app + WebKit) : ${median(memory).toFixed(0)} MiB   (all: ${memory.map((m) => m.toFixed(0)).join(', ')})`,
    `  idle USS (private)      : ${median(uss).toFixed(0)} MiB   (all: ${uss.map((m) => m.toFixed(0)).join(', ')})`,
    `  WebKit web processes on the machine at each measure, the app's included: ${webKit.join(', ')} (both memory` +
      ` figures fall when other WebKit windows share the library pages: compare runs with the same count)`,
  ];
}
