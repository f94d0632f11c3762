// The real window against the project's Worker: what a server may ask of the user. A form (elicitation, form mode)
// with defaults and titled choices, a page to visit (URL mode: opened only after the user agrees, done when the server
// says so), a reply to write (sampling: no model), and shared folders (roots). WebDriver cannot drive the system's
// folder dialog: GATEHOUSE_E2E_FOLDER names the folder the "user" picks in it.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, screenshot, sleep, startWorkerStack } from '../support.mjs';

const ALICE = 'alice@example.com';
const byId = (id) => `[data-testid="${id}"]`;
let stack;
let session;
let folder;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gatehouse-shared-'));
  process.env.GATEHOUSE_E2E_FOLDER = folder;
  stack = await startWorkerStack({ autoLogin: ALICE });
  session = await openApp();
  const { browser } = session;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue('Asking server');
  await browser.$(byId('server-url-input')).setValue(stack.info.mcp);
  await browser.$(byId('server-save')).click();
  await browser.$(byId('server-item-Asking server')).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
  await browser.$(byId('login')).waitForClickable({ timeout: 20_000 });
  const seen = await browserUrlCount();
  await browser.$(byId('login')).click();
  const link = await playBrowser(await nextBrowserUrl(seen), ALICE);
  await openLink(link);
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await browser.$(byId('tab-tools')).click();
});

after(async () => {
  await session?.close();
  stack?.stop();
});

async function callTool(name) {
  const { browser } = session;
  await browser.$(byId(`tool-item-${name}`)).waitForClickable({ timeout: 20_000 });
  await browser.$(byId(`tool-item-${name}`)).click();
  await browser.$(byId('tool-call')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('tool-call')).click();
}

async function resultText(includes) {
  const { browser } = session;
  const result = browser.$(byId('tool-result'));
  await browser.waitUntil(async () => (await result.isExisting()) && (await result.getText()).includes(includes), {
    timeout: 20_000,
    timeoutMsg: `the result never said “${includes}”`,
  });
  return result.getText();
}

test('a form from the server: defaults and titled choices shown, the waiting call says so, the answer is sent', async () => {
  const { browser } = session;
  await callTool('order_coffee');
  const dialog = browser.$(byId('server-request'));
  await dialog.waitForDisplayed({ timeout: 20_000 });
  assert.equal(await dialog.getAttribute('data-request-type'), 'elicit_form');
  assert.match(await dialog.getText(), /How would you like your coffee\?/);
  assert.equal(await browser.$('[data-testid="server-request"] input[type="text"]').getValue(), 'Guest');
  const selected = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="server-request"] select')].map((s) => s.options[s.selectedIndex]?.text),
  );
  assert.deepEqual(selected.sort(), ['Medium (12 oz)', 'Oat milk'], 'the titled choices, the defaults selected');
  assert.ok(await browser.$(byId('call-waits-on-user')).isExisting(), 'the running call says it waits on the user');
  await screenshot(browser, 'elicitation-form');
  await browser.$(byId('elicit-accept')).click();
  const text = await resultText('coffee for Guest');
  assert.match(text, /One medium coffee for Guest: 2 shots, oat milk with cinnamon\./);
  await screenshot(browser, 'elicitation-form-result');
});

test('a page to visit: the full URL is shown, the browser opens only after agreeing, and the server says when it is done', async () => {
  const { browser } = session;
  const opened = await browserUrlCount();
  await callTool('visit_page');
  const dialog = browser.$(byId('server-request'));
  await dialog.waitForDisplayed({ timeout: 20_000 });
  const url = await browser.$(byId('elicit-url-full')).getText();
  assert.match(url, /^https:\/\/modelcontextprotocol\.io\/specification\/2025-11-25\/client\/elicitation#/);
  await screenshot(browser, 'elicitation-url');
  await sleep(500);
  assert.equal(await browserUrlCount(), opened, 'no page opened before the user agreed');
  await browser.$(byId('elicit-open')).click();
  assert.equal(await nextBrowserUrl(opened), url);
  await browser.$(byId('elicit-visit')).waitForDisplayed({ timeout: 10_000 });
  await browser.$(byId('elicit-visit-done')).waitForDisplayed({ timeout: 20_000 });
  await resultText('the page is done');
  await screenshot(browser, 'elicitation-url-done');
  // The notice leaves by itself after a few seconds; close it now so that it covers nothing.
  const closeVisit = browser.$(`${byId('elicit-visit')} button`);
  if (await closeVisit.isExisting()) await closeVisit.click();
});

test('a reply to write: the request is shown whole, no model is called, the written reply reaches the server', async () => {
  const { browser } = session;
  await callTool('write_haiku');
  const dialog = browser.$(byId('server-request'));
  await dialog.waitForDisplayed({ timeout: 20_000 });
  assert.match(await browser.$(byId('sampling-no-model')).getText(), /does not call any model/);
  assert.match(await browser.$(byId('sampling-system-prompt')).getText(), /You are a poet/);
  assert.match(await browser.$(byId('sampling-messages')).getText(), /Write a haiku about the sea\./);
  assert.equal(await browser.$(byId('sampling-max-tokens')).getText(), '100');
  assert.match(await browser.$(byId('sampling-preferences')).getText(), /claude/);
  await browser.$(byId('sampling-reply')).setValue('Grey waves fold and break');
  await browser.$(byId('sampling-send')).waitForEnabled({ timeout: 5_000 });
  await screenshot(browser, 'sampling');
  await browser.$(byId('sampling-send')).click();
  const text = await resultText('Grey waves fold and break');
  assert.match(text, /written by human/);
  await screenshot(browser, 'sampling-result');
});

test('shared folders: chosen with the folder dialog, listed by the server, and a change is announced', async () => {
  const { browser } = session;
  await callTool('list_roots');
  await resultText('The client shares no folders.');
  await browser.$(byId('roots-add')).click();
  await browser.waitUntil(async () => (await browser.$(byId('roots-list')).isExisting()) && (await browser.$(byId('roots-list')).getText()).includes(folder), {
    timeout: 10_000,
    timeoutMsg: 'the chosen folder was not listed',
  });
  await browser.$(byId('tool-call')).click();
  const text = await resultText('changed once');
  assert.ok(text.includes(`file://${folder}/`), text);
  await browser.$(byId('roots-card')).scrollIntoView();
  await screenshot(browser, 'roots');
});
