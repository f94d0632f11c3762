// The explorer in the real window: what was typed and the last result survive switching tabs, clicking the same
// tool again and switching servers; at 1280x800 and 1024x700 the form and the result are in view together, the
// sidebar's brand and "+ Add server" do not touch, and with the local-Cloudflare banner the sidebar's footer (the
// version) stays in the window even with a long list of servers. Screenshots: explorer-1280x800.png and
// explorer-1024x700.png (the first is the README's docs/screenshots/explorer.png).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, screenshot, startLocalCloudflare, startWorkerStack } from '../support.mjs';

const ALICE = 'alice@example.com';
const WORK = 'Work tools';
const SECOND = 'Second server';
const byId = (id) => `[data-testid="${id}"]`;

let stack;
let cf;
let hostile;
let hostileInfo;
let session;
let browser;

before(async () => {
  stack = await startWorkerStack({ autoLogin: ALICE });
  hostile = spawn(process.execPath, [fileURLToPath(new URL('../hostile/server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  hostileInfo = JSON.parse(await new Promise((r) => createInterface({ input: hostile.stdout }).once('line', r)));
});

after(async () => {
  await session?.close();
  stack?.stop();
  cf?.stop();
  hostile?.kill('SIGTERM');
});

async function click(id, timeout = 20_000) {
  const el = browser.$(byId(id));
  await el.waitForClickable({ timeout });
  await el.click();
}

/** The window's size as the user sets it (the menu bar included; the page gets the rest). */
async function setWindow(width, height) {
  await browser.setWindowSize(width, height);
  await browser.waitUntil(
    async () => {
      const size = await browser.getWindowSize();
      return size.width === width && size.height === height;
    },
    { timeout: 10_000, timeoutMsg: `the window did not become ${width}x${height}` },
  );
}

async function addServer(name, url, button) {
  await click('add-server');
  await browser.$(byId('server-name-input')).setValue(name);
  await browser.$(byId('server-url-input')).setValue(url);
  await click(button);
  await browser.$(byId('server-title')).waitForDisplayed({ timeout: 10_000 });
}

async function dismissToasts() {
  for (const dismiss of await browser.$$('.toast button[aria-label="Dismiss"]')) await dismiss.click();
  await browser.waitUntil(async () => (await browser.$$('.toast')).length === 0, { timeout: 5_000, timeoutMsg: 'a toast stayed open' });
}

/** The selected tool's form and result as they are shown. */
async function toolState() {
  return browser.execute(() => ({
    a: document.getElementById('root_a')?.value ?? null,
    b: document.getElementById('root_b')?.value ?? null,
    result: document.querySelector('[data-testid="tool-result"] .result-blocks')?.textContent?.trim() ?? null,
  }));
}

async function expectKept(step, result = '5') {
  await browser.$('#root_b').waitForDisplayed({ timeout: 10_000 });
  const state = await toolState();
  assert.equal(state.a, '2', `${step}: the first argument was lost`);
  assert.equal(state.b, '40', `${step}: the draft of the second argument was lost`);
  assert.equal(state.result, result, `${step}: the last result was lost`);
}

/** Where things are in the window, in CSS pixels. */
async function layout() {
  return browser.execute(() => {
    const rect = (el) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    return {
      height: window.innerHeight,
      title: rect(document.querySelector('.tool-detail h2')),
      call: rect(document.querySelector('[data-testid="tool-call"]')),
      result: rect(document.querySelector('[data-testid="tool-result"]')),
      brand: rect(document.querySelector('.brand')),
      add: rect(document.querySelector('[data-testid="add-server"]')),
      footer: rect(document.querySelector('[data-testid="app-version"]')),
      // Whether the footer is what the user sees at its place (not covered by a toast or anything else).
      footerOnTop: (() => {
        const el = document.querySelector('[data-testid="app-version"]');
        if (!el) return false;
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        return el.contains(hit);
      })(),
    };
  });
}

function assertRoom(l, size) {
  assert.ok(l.title && l.title.top >= 0 && l.title.bottom <= l.height, `${size}: the tool's title is out of view`);
  assert.ok(l.call && l.call.bottom <= l.height, `${size}: the Call button is out of view`);
  assert.ok(l.result && l.result.top < l.height - 40, `${size}: the result is out of view (top ${l.result?.top} of ${l.height})`);
  assertSidebar(l, size);
}

function assertSidebar(l, size) {
  assert.ok(l.footer && l.footer.bottom <= l.height + 0.5, `${size}: the sidebar's footer is cut off (${l.footer?.bottom} of ${l.height})`);
  assert.ok(l.footerOnTop, `${size}: something covers the sidebar's footer`);
  const apart = l.brand.right + 4 <= l.add.left || l.brand.bottom <= l.add.top;
  assert.ok(apart, `${size}: "Gatehouse" touches "+ Add server" (${JSON.stringify([l.brand, l.add])})`);
}

test('drafts and results survive tabs, the same tool again and another server; form and result share the window', async () => {
  session = await openApp();
  browser = session.browser;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await setWindow(1280, 800);

  // "Save and connect" connects straight away.
  await addServer(SECOND, hostileInfo.mcp, 'server-save-connect');
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await addServer(WORK, stack.info.mcp, 'server-save-connect');
  const seen = await browserUrlCount();
  await click('login', 30_000);
  await openLink(await playBrowser(await nextBrowserUrl(seen), ALICE));
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });

  await click('tab-tools');
  await click('tool-item-add');
  await browser.$('#root_a').setValue('2');
  await browser.$('#root_b').setValue('3');
  await click('tool-call');
  await browser.waitUntil(async () => (await toolState()).result === '5', { timeout: 20_000, timeoutMsg: 'add did not answer 5' });
  // Typed after the call, not sent: a draft.
  await browser.$('#root_b').setValue('40');

  await click('tab-resources');
  await browser.$('#root_b').waitForExist({ reverse: true, timeout: 5_000 });
  await click('tab-tools');
  await expectKept('after another tab');

  await click('tool-item-add');
  await expectKept('after clicking the same tool again');

  await click(`server-item-${SECOND}`);
  await browser.waitUntil(async () => (await browser.$(byId('server-title')).getText()) === SECOND, { timeout: 10_000 });
  await click(`server-item-${WORK}`);
  await browser.waitUntil(async () => (await browser.$(byId('server-title')).getText()) === WORK, { timeout: 10_000 });
  await expectKept('after another server');

  // The kept draft calls like a typed one.
  await click('tool-call');
  await browser.waitUntil(async () => (await toolState()).result === '42', { timeout: 20_000, timeoutMsg: 'add did not answer 42' });
  await dismissToasts();
  await browser.execute(() => document.activeElement?.blur());
  assertRoom(await layout(), '1280x800');
  await screenshot(browser, 'explorer-1280x800');

  await setWindow(1024, 700);
  // The card folds to one line at the user's request, and stays folded.
  if ((await browser.$(byId('server-info')).getAttribute('data-collapsed')) !== 'true') await click('server-info-toggle');
  await expectKept('after resizing', '42');
  assertRoom(await layout(), '1024x700');
  await screenshot(browser, 'explorer-1024x700');

  await click(`server-item-${SECOND}`);
  await click(`server-item-${WORK}`);
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await browser.$(byId('server-info')).getAttribute('data-collapsed'), 'true', 'the folded card did not stay folded');
  await session.close();
  session = null;
});

test("with the local-Cloudflare banner and many servers, the sidebar's footer stays in 800- and 700-pixel windows", async () => {
  // One app at a time: a second launch would hand over to the first (single instance) and never open a window.
  await session?.close();
  session = null;
  // The local Cloudflare puts its banner above the app.
  cf = await startLocalCloudflare();
  process.env.GATEHOUSE_CLOUDFLARE_API = cf.info.api;
  process.env.GATEHOUSE_LOCAL_CLOUDFLARE_TOKEN = cf.info.token;
  session = await openApp();
  browser = session.browser;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('local-cloudflare-banner')).waitForDisplayed({ timeout: 10_000 });
  await setWindow(1280, 800);
  // A list of servers longer than the window, so that the list has to scroll for the footer to fit.
  for (let i = 1; i <= 14; i += 1) await addServer(`Spare ${String(i).padStart(2, '0')}`, `http://127.0.0.1:9/mcp${i}`, 'server-save');
  await browser.$(byId('app-version')).waitForExist({ timeout: 10_000 });
  // Pages taller than the window too (the server form, the setup wizard): the main area scrolls, not the window.
  for (const size of [[1280, 800], [1024, 800], [1024, 700]]) {
    await setWindow(...size);
    assertSidebar(await layout(), `${size.join('x')} with the banner, a server's page`);
    await click('add-server');
    await browser.$(byId('server-name-input')).waitForDisplayed({ timeout: 10_000 });
    assertSidebar(await layout(), `${size.join('x')} with the banner, the server form`);
    await click('setup-server');
    await browser.pause(500);
    assertSidebar(await layout(), `${size.join('x')} with the banner, the setup wizard`);
    await click('server-item-Spare 14');
  }
  await screenshot(browser, 'sidebar-banner-1024x700');
  await setWindow(1280, 800);
  await screenshot(browser, 'sidebar-banner-1280x800');
});
