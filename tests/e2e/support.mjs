// Helpers for the end-to-end tests: the Worker stack, tauri-driver, the browser stand-in, and
// handing a link to the app the way the OS does (launching the binary with the URL).
import { spawn, execFile } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { remote } from 'webdriverio';

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

/** tauri-driver in front of WebKitWebDriver, and a WebDriver session with the app's window. */
export async function openApp({ args = [], env = {} } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  // The app inherits tauri-driver's environment: `env` adds to it (e.g. another GATEHOUSE_CONFIG_DIR).
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort), '--native-driver', '/usr/bin/WebKitWebDriver'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
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
    // WebKitWebDriver speaks classic WebDriver only; WebdriverIO 9 would ask for BiDi.
    capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: app, args } },
  });
  return {
    browser,
    /** tauri-driver's process: the app and its WebKit processes run under it. */
    driverPid: driver.pid,
    async close() {
      // What the driver started (WebKitWebDriver, the app, its web processes), noted while they are still its
      // descendants: an app left running would take the next launch's link over (single instance), and that
      // launch's window would never open.
      const started = descendants(driver.pid);
      await browser.deleteSession().catch(() => {});
      driver.kill('SIGTERM');
      await endProcesses([driver.pid, ...started]);
    },
  };
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

export async function screenshot(browser, name) {
  await browser.saveScreenshot(join(artifacts, `${name}.png`));
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

/** Waits for the processes to end on their own, then ends those still running. */
async function endProcesses(pids, graceMs = 5_000) {
  const deadline = Date.now() + graceMs;
  while (pids.some(running) && Date.now() < deadline) await sleep(100);
  for (const pid of pids.filter(running)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // It ended meanwhile.
    }
  }
  while (pids.some(running) && Date.now() < deadline + graceMs) await sleep(100);
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
  let kib = 0;
  for (const child of descendants(pid)) {
    try {
      if (!name.test(readFileSync(`/proc/${child}/comm`, 'utf8').trim())) continue;
      const line = readFileSync(`/proc/${child}/smaps_rollup`, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('Pss:'));
      kib += Number(line?.split(/\s+/)[1] ?? 0);
    } catch {
      // The process ended while it was read.
    }
  }
  return Math.round(kib / 1024);
}
