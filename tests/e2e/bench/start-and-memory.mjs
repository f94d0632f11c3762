// Cold start to first paint, and idle memory, of the real app under Xvfb.
// First paint: from spawning the process to the UI's first IPC call, which it makes as it first renders
// (the app logs "ui ready"). Memory: proportional set size (PSS, /proc/PID/smaps_rollup) summed over the
// app and its WebKit child processes, after 10 s idle.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { app, sleep } from '../support.mjs';

const RUNS = 5;

function children(pid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry), ...children(Number(entry)));
    } catch {}
  }
  return found;
}

function pssKiB(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n').find((l) => l.startsWith('Pss:'));
    return Number(line?.split(/\s+/)[1] ?? 0);
  } catch {
    return 0;
  }
}

const starts = [];
const memory = [];
for (let run = 0; run < RUNS; run += 1) {
  const t0 = performance.now();
  const child = spawn(app, [], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, GATEHOUSE_CONFIG_DIR: `${process.env.GATEHOUSE_CONFIG_DIR}-bench-${run}` } });
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
  const pids = [child.pid, ...children(child.pid)];
  memory.push(pids.reduce((sum, pid) => sum + pssKiB(pid), 0) / 1024);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`cold start and idle memory of ${app} (${RUNS} runs, median):`);
console.log(`  spawn → first paint : ${median(starts).toFixed(0)} ms   (all: ${starts.map((s) => s.toFixed(0)).join(', ')})`);
console.log(`  idle PSS (app + WebKit) : ${median(memory).toFixed(0)} MiB   (all: ${memory.map((m) => m.toFixed(0)).join(', ')})`);
