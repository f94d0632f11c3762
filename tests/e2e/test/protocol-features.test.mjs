// The real window against the project's Worker: ping and log level on the server card, completions as you type
// (a prompt's arguments with context, a template's variable), a resource subscription that shows updates, a tool call
// run as a task that outlives the view that started it (and one cancelled), the server's notifications in Raw as they
// arrive, and the per-server protocol pin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { browserUrlCount, nextBrowserUrl, openApp, openLink, playBrowser, screenshot, startWorkerStack } from '../support.mjs';

const ALICE = 'alice@example.com';
let stack;
let session;

before(async () => {
  stack = await startWorkerStack({ autoLogin: ALICE });
  session = await openApp();
});

after(async () => {
  await session?.close();
  stack?.stop();
});

const byId = (id) => `[data-testid="${id}"]`;

async function textOf(browser, id) {
  return browser.$(byId(id)).getText();
}

async function waitForText(browser, id, pattern, timeout, what) {
  try {
    await browser.waitUntil(async () => pattern.test(await textOf(browser, id).catch(() => '')), { timeout, timeoutMsg: what });
  } catch (e) {
    await screenshot(browser, `protocol-failed-${id}`);
    throw e;
  }
}

test('protocol utilities in the window: ping, log level, completions, subscriptions, tasks, version pin', async () => {
  const { browser } = session;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue('Protocol');
  await browser.$(byId('server-url-input')).setValue(stack.info.mcp);
  await browser.$(byId('server-save')).click();
  await browser.$(byId('server-item-Protocol')).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
  await browser.$(byId('login')).waitForClickable({ timeout: 20_000 });
  const seen = await browserUrlCount();
  await browser.$(byId('login')).click();
  await openLink(await playBrowser(await nextBrowserUrl(seen), ALICE));
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });

  // The server card: the version in use, ping with its round trip, the log level.
  assert.match(await textOf(browser, 'protocol-version'), /2025-11-25/);
  await browser.$(byId('server-ping')).click();
  await waitForText(browser, 'ping-rtt', /\d+ ms round trip/, 10_000, 'no round trip shown');
  await browser.$(byId('log-level')).selectByAttribute('value', 'info');
  await screenshot(browser, 'protocol-01-server-card');

  // Completions for a prompt's arguments; the second uses the first as context.
  await browser.$(byId('tab-prompts')).click();
  await browser.$(byId('prompt-item-explain_access')).click();
  await browser.$(byId('arg-audience')).click();
  await browser.$(byId('arg-audience')).setValue('au');
  await waitForText(browser, 'suggestions-audience', /auditor/, 10_000, 'no suggestion for the audience');
  await screenshot(browser, 'protocol-02-prompt-completion');
  await browser.$(`${byId('suggestions-audience')} ${byId('suggestion')}`).click();
  assert.equal(await browser.$(byId('arg-audience')).getValue(), 'auditor');
  await browser.$(byId('arg-detail')).click();
  await waitForText(browser, 'suggestions-detail', /thorough[\s\S]*brief/, 10_000, 'the detail did not follow the audience');
  await screenshot(browser, 'protocol-03-completion-with-context');

  // Completion of a resource template's variable; the URI expands as typed.
  await browser.$(byId('tab-resources')).click();
  await browser.$(byId('resource-item-gatehouse://numbers/{n}')).click();
  await browser.$(byId('arg-n')).click();
  await browser.$(byId('arg-n')).setValue('1');
  await waitForText(browser, 'suggestions-n', /11/, 10_000, 'no suggestion for {n}');
  await browser.$(`${byId('suggestions-n')} ${byId('suggestion')}`).click();
  assert.equal(await textOf(browser, 'template-uri'), 'gatehouse://numbers/11');
  await screenshot(browser, 'protocol-04-template-completion');

  // Subscribe to the counter and watch it update.
  await browser.$(byId('resource-item-gatehouse://counter')).click();
  await browser.$(byId('resource-subscribe')).click();
  await waitForText(browser, 'resource-updates', /[2-9] updates|\d\d+ updates/, 20_000, 'no updates of the counter arrived');
  await screenshot(browser, 'protocol-05-subscription-updates');

  // Raw shows what the server sends on its own, live, with Gatehouse's requests: the counter's updates arrive while
  // the tab is open, and the filter keeps the server's notifications alone.
  await browser.$(byId('tab-raw')).click();
  const updatedRows = async () =>
    browser.execute(
      () =>
        [...document.querySelectorAll('[data-testid="raw-row"]')].filter(
          (row) => row.dataset.direction === 'server_to_client' && row.querySelector('code')?.textContent === 'notifications/resources/updated',
        ).length,
    );
  try {
    await browser.waitUntil(async () => (await updatedRows()) >= 1, { timeout: 10_000 });
  } catch {
    await screenshot(browser, 'protocol-failed-raw');
    const rows = await browser.execute(() => [...document.querySelectorAll('[data-testid="raw-row"]')].map((row) => `${row.dataset.direction} ${row.querySelector('code')?.textContent}`));
    assert.fail(`no resources/updated row in Raw: ${rows.join(', ')}`);
  }
  const before = await updatedRows();
  await browser.waitUntil(async () => (await updatedRows()) > before, { timeout: 20_000, timeoutMsg: 'Raw did not take in new notifications' });
  const newest = await browser.execute(() => document.querySelector('[data-testid="raw-row"] code')?.textContent);
  assert.ok(newest, 'Raw has no rows');
  await browser.$('select[aria-label="Direction"]').selectByAttribute('value', 'server_to_client');
  await browser.$('select[aria-label="Kind"]').selectByAttribute('value', 'notification');
  const shown = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="raw-row"]')].map((row) => `${row.dataset.direction}/${row.dataset.kind}`),
  );
  assert.ok(shown.length >= 2, `the filter left ${shown.length} rows`);
  assert.ok(
    shown.every((kind) => kind === 'server_to_client/notification'),
    `the filter let other messages through: ${shown.join(', ')}`,
  );
  await screenshot(browser, 'protocol-05b-raw-server-notifications');
  await browser.$(byId('tab-resources')).click();
  await browser.$(byId('resource-item-gatehouse://counter')).click();
  await browser.waitUntil(async () => (await browser.$(byId('resource-follow')).getAttribute('data-following')) === 'true', {
    timeout: 10_000,
    timeoutMsg: 'the subscription was not shown again',
  });
  await browser.$(byId('resource-subscribe')).click();
  await browser.waitUntil(async () => (await browser.$(byId('resource-follow')).getAttribute('data-following')) === 'false', {
    timeout: 10_000,
    timeoutMsg: 'unsubscribing did not take',
  });

  // A tool call run as a task, followed while another view is open.
  await browser.$(byId('tab-tasks')).click();
  await browser.$(byId('task-tool')).selectByAttribute('value', 'count_slowly');
  await browser.$(byId('tool-call')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('tool-call')).click();
  await browser.$(byId('task')).waitForDisplayed({ timeout: 15_000 });
  await waitForText(browser, 'task-state', /Working/, 10_000, 'the task did not start working');
  await screenshot(browser, 'protocol-06-task-working');
  await browser.$(byId('tab-tools')).click();
  await browser.pause(1500);
  await browser.$(byId('tab-tasks')).click();
  await waitForText(browser, 'task-state', /Completed/, 30_000, 'the task did not complete');
  await waitForText(browser, 'task-result', /Counted 5 steps as a task\./, 10_000, 'the task result is missing');
  await screenshot(browser, 'protocol-07-task-completed');

  // Another task, cancelled (the view was opened anew: choose the tool again).
  await browser.$(byId('task-tool')).selectByAttribute('value', 'count_slowly');
  await browser.$(byId('tool-call')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('tool-call')).click();
  await browser.waitUntil(async () => (await browser.$$(byId('task'))).length === 2, { timeout: 15_000, timeoutMsg: 'no second task' });
  await browser.$(byId('task-cancel')).waitForClickable({ timeout: 10_000 });
  await browser.$(byId('task-cancel')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-task-state="cancelled"]')).length === 1, {
    timeout: 15_000,
    timeoutMsg: 'the task was not cancelled',
  });
  await screenshot(browser, 'protocol-08-task-cancelled');

  // Pin the server to 2025-11-25: saved with the server, the session reconnects with it.
  await browser.$(byId('protocol-pin')).selectByAttribute('value', '2025-11-25');
  await waitForText(browser, 'protocol-version', /2025-11-25 \(pinned\)/, 30_000, 'the pin was not shown');
  await screenshot(browser, 'protocol-09-pinned');
});
