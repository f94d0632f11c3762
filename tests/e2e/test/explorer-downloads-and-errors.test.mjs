// The real window: a binary resource saved through the save dialog, and what the app says when a server cannot be
// reached (a refused connection, a name that does not exist, a certificate it cannot trust).
//
// WebDriver cannot drive the system's native save dialog, so the app is started with GATEHOUSE_TEST_SAVE_DIR: the
// core saves under the suggested name in that folder, exactly as if the user had accepted the dialog's suggestion.
// Everything else (the button, the IPC command, naming, decoding, writing, the message) is the real path.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openApp, screenshot } from '../support.mjs';

const BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0xff]);
const BLOB_URI = 'test://static/resource/5';
const saveDir = mkdtempSync(join(tmpdir(), 'gatehouse-saves-'));
process.env.GATEHOUSE_TEST_SAVE_DIR = saveDir;

const byId = (id) => `[data-testid="${id}"]`;
/** Phrases of the libraries underneath that a user must never see. */
const INTERNAL = ['::', '<', '>', 'Transport', 'rmcp', 'reqwest', 'hyper', 'rustls', 'os error', 'Send message', 'Client error', 'when send'];

/** A small MCP server (stateless Streamable HTTP, hand-written JSON-RPC) with one binary resource. */
function handler(req, res) {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const result = (() => {
      switch (message.method) {
        case 'initialize':
          return {
            protocolVersion: '2025-11-25',
            capabilities: { resources: {}, tools: {} },
            serverInfo: { name: 'files', version: '1.0.0' },
          };
        case 'ping':
          return {};
        case 'tools/list':
          return { tools: [] };
        case 'resources/list':
          return { resources: [{ uri: BLOB_URI, name: '5', mimeType: 'application/octet-stream' }] };
        case 'resources/templates/list':
          return { resourceTemplates: [] };
        case 'resources/read':
          return { contents: [{ uri: BLOB_URI, mimeType: 'application/octet-stream', blob: BYTES.toString('base64') }] };
        default:
          return null;
      }
    })();
    const reply =
      result === null
        ? { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } }
        : { jsonrpc: '2.0', id: message.id, result };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** A port nothing listens on: bound, then closed. */
async function closedPort() {
  const probe = createNetServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  return port;
}

let session;
let browser;
let plain;
let tls;
let ports;

before(async () => {
  plain = createHttpServer(handler);
  const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
  tls = createHttpsServer({ cert: readFileSync(join(fixtures, 'self-signed.pem')), key: readFileSync(join(fixtures, 'self-signed.key')) }, handler);
  ports = { plain: await listen(plain), tls: await listen(tls), refused: await closedPort() };
  session = await openApp();
  browser = session.browser;
  await browser.$(byId('add-server')).waitForClickable({ timeout: 20_000 });
});

after(async () => {
  await session?.close();
  plain?.close();
  tls?.close();
});

async function addAndConnect(name, url) {
  await browser.$(byId('add-server')).click();
  await browser.$(byId('server-name-input')).setValue(name);
  await browser.$(byId('server-url-input')).setValue(url);
  await browser.$(byId('server-save')).click();
  await browser.$(byId(`server-item-${name}`)).click();
  const connect = browser.$(byId('connect'));
  if (await connect.isExisting()) await connect.click();
}

/** The connection error the window shows, checked for plain words. */
async function connectionError(step) {
  const banner = browser.$(byId('error-banner'));
  await banner.waitForDisplayed({ timeout: 30_000 });
  const text = await banner.getText();
  for (const phrase of INTERNAL) assert.ok(!text.includes(phrase), `${step}: “${phrase}” shown to the user: ${text}`);
  await screenshot(browser, `errors-${step}`);
  return text;
}

test('a refused connection says so, with the address', async () => {
  await addAndConnect('Refused', `http://127.0.0.1:${ports.refused}/mcp`);
  const text = await connectionError('refused');
  assert.match(text, new RegExp(`connection to 127\\.0\\.0\\.1:${ports.refused} was refused`));
  assert.match(text, /Check that the server is running/);
});

test('a name that does not exist says it was not found', async () => {
  await addAndConnect('Nowhere', 'https://gatehouse-e2e-no-such-host.invalid/mcp');
  const text = await connectionError('name-not-found');
  assert.match(text, /“gatehouse-e2e-no-such-host\.invalid” was not found/);
});

test('a certificate the app cannot trust is named as such', async () => {
  await addAndConnect('SelfSigned', `https://127.0.0.1:${ports.tls}/mcp`);
  const text = await connectionError('bad-certificate');
  assert.match(text, /TLS certificate of 127\.0\.0\.1 is not trusted/);
});

test('a binary resource is saved where the dialog says, under a sensible name, and the window says where', async () => {
  await addAndConnect('Files', `http://127.0.0.1:${ports.plain}/mcp`);
  await browser.$(byId('server-info')).waitForDisplayed({ timeout: 30_000 });
  await browser.$(byId('tab-resources')).click();
  await browser.$(byId(`resource-item-${BLOB_URI}`)).click();
  const save = browser.$('button=Save as…');
  await save.waitForClickable({ timeout: 20_000 });
  await save.click();
  const status = browser.$(byId('save-status'));
  await status.waitForDisplayed({ timeout: 20_000 });
  const expected = join(saveDir, '5.bin');
  assert.equal(await status.getText(), `Saved to ${expected}`);
  assert.deepEqual(readFileSync(expected), BYTES);
  await screenshot(browser, 'download-saved');
});
