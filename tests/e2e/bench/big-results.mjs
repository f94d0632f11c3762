// The real window with large tool results: a 5 MB text result and a result of 1,000 content blocks.
// Time from pressing Call to the result on screen (the result's last block in the page, then the
// frame after it painted), and the window's longest frame meanwhile (how long it could not answer
// a click). Measured inside the page, so WebDriver's own round trips are not counted. The 5 MB text is shown
// in a windowed view (only the rows in view are in the page): "all of it" is its first screenful there, and
// scrolling to its end and back is timed on its own.
//   make bench-app  (runs this inside the headless session of tests/e2e/run.sh)
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { openApp, screenshot } from '../support.mjs';

const ROUNDS = 5;
const server = spawn(process.execPath, [fileURLToPath(new URL('./many-tools-server.mjs', import.meta.url)), '3', 'big'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const { mcp } = JSON.parse(await new Promise((r) => createInterface({ input: server.stdout }).once('line', r)));
const session = await openApp();
const { browser } = session;
const byId = (id) => browser.$(`[data-testid="${id}"]`);

/** Presses Call in the page and resolves when the result holds `expected` blocks ending in `lastText`. */
function timeCall(expected, lastText) {
  return browser.executeAsync(
    (expectedBlocks, last, done) => {
      const button = document.querySelector('[data-testid="tool-call"]');
      if (!button) return done({ error: 'no Call button' });
      let longestFrame = 0;
      let previous = performance.now();
      let frames = true;
      const tick = (now) => {
        longestFrame = Math.max(longestFrame, now - previous);
        previous = now;
        if (frames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const started = performance.now();
      let first;
      const result = () => document.querySelector('[data-testid="tool-result"]');
      // The first block shows (a large result renders in pieces after it) …
      const firstShown = () => !!result()?.querySelector('.result-blocks .block');
      // … and the whole result: every block, the last one's text, nothing still being added.
      const shown = () => {
        const blocks = result()?.querySelectorAll('.result-blocks .block') ?? [];
        const lastBlock = blocks[blocks.length - 1];
        return (
          blocks.length >= expectedBlocks &&
          !!lastBlock?.textContent?.includes(last) &&
          !result()?.querySelector('[data-testid="blocks-rendering"], [data-rendering]')
        );
      };
      // Times are taken a frame later: the frame that lays the change out.
      const finish = () => {
        requestAnimationFrame(() => {
          const total = performance.now() - started;
          frames = false;
          observer.disconnect();
          done({ first, total, longestFrame });
        });
      };
      // The previous round's result leaves while the call runs: only a result seen after that counts.
      let previousGone = false;
      const check = () => {
        if (!result()) previousGone = true;
        if (previousGone && first === undefined && firstShown()) {
          first = -1;
          requestAnimationFrame(() => (first = performance.now() - started));
        }
        if (previousGone && shown()) {
          observer.disconnect();
          finish();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      button.click();
      check();
    },
    expected,
    lastText,
  );
}

/** Scrolls the windowed view of a long text to its end and back, timing each until its last (first) row is on
 * screen, a frame later. `null` when the text is not shown in a windowed view (builds before it). */
function timeScrolls(rounds) {
  return browser.executeAsync(
    (count, done) => {
      const view = document.querySelector('[data-testid="long-text"]');
      if (!view) return done(null);
      const lastRow = Number(view.getAttribute('data-rows')) - 1;
      const times = [];
      const scroll = (round) => {
        if (round === count * 2) return done(times);
        const row = round % 2 === 0 ? lastRow : 0;
        const started = performance.now();
        view.scrollTop = round % 2 === 0 ? view.scrollHeight : 0;
        const check = () => {
          if (view.querySelector(`[data-row="${row}"]`)) {
            requestAnimationFrame(() => {
              times.push(performance.now() - started);
              scroll(round + 1);
            });
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      };
      scroll(0);
    },
    rounds,
  );
}

async function measure(tool, expectedBlocks, lastText) {
  await byId('tool-filter').setValue(tool);
  await byId(`tool-item-${tool}`).waitForClickable({ timeout: 20_000 });
  await byId(`tool-item-${tool}`).click();
  await byId('tool-call').waitForClickable({ timeout: 10_000 });
  const rounds = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const result = await timeCall(expectedBlocks, lastText);
    if (result.error) throw new Error(result.error);
    rounds.push(result);
    await byId('tool-call').waitForClickable({ timeout: 20_000 });
  }
  return rounds;
}

try {
  await byId('add-server').waitForClickable({ timeout: 20_000 });
  await byId('add-server').click();
  await byId('server-name-input').setValue('Big results');
  await byId('server-url-input').setValue(mcp);
  await byId('server-save').click();
  await byId('server-item-Big results').click();
  await byId('connect').click();
  await byId('server-info').waitForDisplayed({ timeout: 20_000 });
  await byId('tab-tools').click();
  await byId('tool-filter').waitForDisplayed({ timeout: 20_000 });
  // The 5 MB text: 80-character lines, the last one numbered 00065535 or so; its end is checked by its block.
  const text = await measure('big_text', 1, 'INFO request served');
  const scrolls = await timeScrolls(ROUNDS);
  await screenshot(browser, 'bench-big-text');
  const blocks = await measure('many_blocks', 1000, 'Block 1000 of 1000');
  await screenshot(browser, 'bench-1000-blocks');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x) => `${x.toFixed(0)} ms`;
  const line = (label, rounds) =>
    `  ${label} : first on screen ${ms(median(rounds.map((r) => r.first)))}, all of it ${ms(median(rounds.map((r) => r.total)))},` +
    ` longest frame ${ms(median(rounds.map((r) => r.longestFrame)))}` +
    `  (first/all/frame: ${rounds.map((r) => [r.first, r.total, r.longestFrame].map((x) => x.toFixed(0)).join('/')).join(', ')})`;
  console.log(`large results in the real window, Call → result (${ROUNDS} rounds, median; goal ≤ 300 ms, window responsive):`);
  console.log(line('5 MB text   ', text));
  console.log(line('1,000 blocks', blocks));
  console.log(
    scrolls
      ? `  5 MB text, scrolled to its end or its start → that row on screen : ${ms(median(scrolls))} (${scrolls.map((x) => x.toFixed(0)).join(', ')})`
      : '  5 MB text is not shown in a windowed view: no scrolling figure',
  );
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await session.close();
  server.kill('SIGTERM');
}
