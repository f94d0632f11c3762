// Helpers for the end-to-end tests: the Worker stack, tauri-driver, the browser stand-in, and
// handing a link to the app the way the OS does (launching the binary with the URL).
import { spawn, execFile } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { remote } from 'webdriverio';

import { canSeeScreen, saveScreen } from './screen.mjs';

const run = promisify(execFile);
export const root = process.env.GATEHOUSE_E2E_ROOT ?? '';
export const app = process.env.GATEHOUSE_E2E_APP ?? '';
export const artifacts = process.env.GATEHOUSE_E2E_ARTIFACTS ?? '';
const browserLog = process.env.GATEHOUSE_E2E_BROWSER_LOG ?? '';

// Each spec file (its own process) starts from a clean profile: its own settings folder and its own web storage,
// where the window keeps layout choices (a folded server card, pane sizes). One spec's choices must not change
// what the next spec's window shows. Children (tauri-driver, the app, a link opened by a second instance, the CLI)
// inherit it; the scratch home is removed with the session.
const profile = mkdtempSync(join(process.env.HOME ?? '/tmp', 'spec-profile-'));
process.env.GATEHOUSE_CONFIG_DIR = join(profile, 'config');
process.env.XDG_DATA_HOME = join(profile, 'data');
mkdirSync(process.env.XDG_DATA_HOME, { recursive: true });

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a process that prints one JSON line when ready; returns that line and a stop function. */
async function startWithJsonLine(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before it was ready`)));
  });
  return { info: JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

/** The project's Worker in workerd with the Access stand-in. */
export function startWorkerStack({ autoLogin, allow = [] }) {
  const args = [join(root, 'server/scripts/dev.mjs'), '--auto-login', autoLogin];
  for (const email of allow) args.push('--allow', email);
  return startWithJsonLine(process.execPath, args, { cwd: root });
}

/** The local Cloudflare (tests/cloudflare) with its Access stand-in; `config` as its README describes. */
export async function startLocalCloudflare(config = {}) {
  const file = join(artifacts, `local-cloudflare-${process.pid}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(config));
  const started = await startWithJsonLine(process.execPath, [join(root, 'tests/cloudflare/src/cli.mjs'), '--config', file], { cwd: root });
  const local = started.info.local;
  const call = async (method, path, body) => {
    const res = await fetch(`${local}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  return {
    ...started,
    /** Resources by kind, secrets replaced by names. */
    state: () => call('GET', '/state'),
    addFault: (fault) => call('POST', '/faults', fault),
    clearFaults: () => call('DELETE', '/faults'),
    /** What a user an app's policy refuses gets: Access's `block-page` (the default) or an `error-redirect` to the client. */
    setAccessRefusal: (refusal) => call('POST', '/access/refusal', { refusal }),
    /** A new API token: `{kind: 'account'}` makes an account-owned one. Returns it with its `value`. */
    mintToken: (token) => call('POST', '/tokens', token),
    violations: () => call('GET', '/violations'),
    /** A dashboard edit the API has no operation for (tests/cloudflare/src/breaks.mjs). */
    brk: (body) => call('POST', '/break', body),
    /** Every API call so far: `{method, path, operationId, status}`. */
    calls: () => call('GET', '/calls'),
  };
}

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The app's processes that are running now, wherever they were started. */
function appProcesses() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`).replace(/ \(deleted\)$/, '') === app) found.push(Number(entry));
    } catch {
      // Not ours to read, or it ended while the list was read.
    }
  }
  return found;
}

/** SIGTERM, then SIGKILL for whatever is still there after `graceMs`; returns once all are gone. */
async function stopProcesses(pids, graceMs = 3_000) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(running) && Date.now() < deadline) await sleep(50);
  for (const pid of pids.filter(running)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone between the check and the kill.
    }
  }
  while (pids.some(running) && Date.now() < deadline + graceMs) await sleep(50);
}

/** tauri-driver and everything under it: WebKitWebDriver, the app, its WebKit processes. */
async function stopDriver(driver) {
  await stopProcesses([...descendants(driver.pid), driver.pid]);
}

const liveSessions = new Set();

/** A session is created once the app's window answers WebDriver; an app that never does gets this long. */
const SESSION_TIMEOUT_MS = 60_000;

async function startSession({ args, env }) {
  const port = await freePort();
  const nativePort = await freePort();
  // The app inherits tauri-driver's environment: `env` adds to it (e.g. another GATEHOUSE_CONFIG_DIR).
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
  try {
    for (let i = 0; i < 100; i += 1) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/status`);
        if (res.ok) break;
      } catch {
        await sleep(100);
      }
    }
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'warn',
      connectionRetryTimeout: SESSION_TIMEOUT_MS,
      connectionRetryCount: 0,
      // WebKitWebDriver speaks classic WebDriver only; WebdriverIO 9 would ask for BiDi.
      capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: app, args } },
    });
    // Later commands (a click, a wait) answer quickly; only the session's start may take long.
    return { browser, driver };
  } catch (error) {
    // Nothing may outlive a failed start: a running tauri-driver keeps this spec's process alive, and a left-over
    // app would take the next launch's single-instance name and swallow it.
    await stopDriver(driver);
    throw error;
  }
}

/** tauri-driver in front of WebKitWebDriver, and a WebDriver session with the app's window. */
export async function openApp({ args = [], env = {} } = {}) {
  // Specs run one at a time: with no session of this spec open, any running app is left over from an earlier
  // spec, and a second launch would hand its arguments to it and exit instead of opening a window.
  if (liveSessions.size === 0) await stopProcesses(appProcesses());
  let started;
  try {
    started = await startSession({ args, env });
  } catch (error) {
    console.error(`the app's window did not answer WebDriver (${error.message}); starting it once more`);
    await stopProcesses(appProcesses());
    started = await startSession({ args, env });
  }
  const { browser, driver } = started;
  const session = {
    browser,
    /** tauri-driver's process: the app and its WebKit processes run under it. */
    driverPid: driver.pid,
    async close() {
      liveSessions.delete(session);
      // What the driver started (WebKitWebDriver, the app, its web processes), noted while they are still its
      // descendants: once WebKitWebDriver ends, the app would no longer be found under the driver.
      const started = descendants(driver.pid);
      await browser.deleteSession().catch(() => {});
      // The app closes with the session: give it a moment to end on its own before it is ended.
      const settled = Date.now() + 3_000;
      while (started.some(running) && Date.now() < settled) await sleep(50);
      await stopProcesses([driver.pid, ...started]);
    },
  };
  liveSessions.add(session);
  return session;
}

/** The last URL the app sent to the (stand-in) system browser, waiting for a new one. */
export async function nextBrowserUrl(previousCount = 0, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const lines = (await readFile(browserLog, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    if (lines.length > previousCount) return lines[lines.length - 1];
    await sleep(100);
  }
  throw new Error('the app never opened the browser');
}

export async function browserUrlCount() {
  return (await readFile(browserLog, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
}

/** Plays the user's browser from the authorization URL; returns where it was sent back to. */
export async function playBrowser(authorizationUrl, email) {
  const { stdout } = await run(process.execPath, [join(root, 'tests/support/play-browser.mjs'), authorizationUrl, '--email', email]);
  return stdout.trim();
}

/** Delivers a link as the OS does on Linux: a second launch with the URL, forwarded over D-Bus. */
export async function openLink(link) {
  await run(app, [link], { timeout: 20_000 });
}

/**
 * Keeps a picture of the screen as `name`.png in the artifacts: read from the display itself (what a user would
 * see, the menu bar included) when the run can see it, else WebDriver's picture of the page. WebKitWebDriver's
 * picture waits forever on some pages when WebKit paints without compositing, as the app chooses on machines
 * without a GPU (DEVELOPMENT.md, "Start-up and memory").
 */
export async function screenshot(browser, name) {
  const path = join(artifacts, `${name}.png`);
  if (!canSeeScreen()) return browser.saveScreenshot(path);
  // The page's last change reaches the display with the next frames.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))).catch(() => {});
  await sleep(50);
  saveScreen(path);
}

export async function writeArtifact(name, text) {
  await writeFile(join(artifacts, name), text);
}

/** Whether a process is still running (an ended one may linger as a zombie until it is reaped). */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The processes under `pid` (children, grandchildren, …). */
export function descendants(pid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry), ...descendants(Number(entry)));
    } catch {
      // The process ended while the tree was read.
    }
  }
  return found;
}

/** Proportional set size in MiB (/proc/PID/smaps_rollup) of the processes under `pid` whose name matches `name`. */
export function pssMiB(pid, name = /./) {
  return memoryMiB(pid, name, ['Pss']);
}

/** USS (private memory: the pages no other process maps) of `pid`'s descendants whose name matches, in MiB. Like
 * PSS it falls when another WebKit window runs on the machine (the library pages they both map are no longer
 * private); bench/cold-start.mjs prints how many ran at each measure. */
export function ussMiB(pid, name = /./) {
  return memoryMiB(pid, name, ['Private_Clean', 'Private_Dirty']);
}

function memoryMiB(pid, name, fields) {
  let kib = 0;
  for (const child of descendants(pid)) {
    try {
      if (!name.test(readFileSync(`/proc/${child}/comm`, 'utf8').trim())) continue;
      kib += smapsKiB(child, fields);
    } catch {
      // The process ended while it was read.
    }
  }
  return Math.round(kib / 1024);
}

/** The sum of `fields` in /proc/PID/smaps_rollup, in KiB (0 once the process has ended). */
export function smapsKiB(pid, fields) {
  try {
    const lines = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n');
    return fields.reduce((sum, field) => sum + Number(lines.find((l) => l.startsWith(`${field}:`))?.split(/\s+/)[1] ?? 0), 0);
  } catch {
    return 0;
  }
}
