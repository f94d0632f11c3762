// Hole 6: the bytes actually read are limited on /mcp, /register and /token, chunked or not; JSON-RPC batches are
// refused.
import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { Discovery } from '../support/oauth-client';
import {
  ALICE,
  loginAs,
  mcpRequest,
  messagesOf,
  openSession,
  PROTOCOL_VERSION,
  type Session,
  type Stack,
  startSecurityStack,
} from './helpers';

let stack: Stack;
let d: Discovery;
let alice: Session;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
  alice = await loginAs(stack, ALICE);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** A body sent with Transfer-Encoding: chunked (no Content-Length): `total` bytes of a JSON string. */
function chunked(total: number, prefix = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(prefix));
    },
    pull(controller) {
      if (sent >= total) {
        controller.enqueue(new TextEncoder().encode('"}}'));
        controller.close();
        return;
      }
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

async function post(url: string, body: ReadableStream<Uint8Array> | string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

const MCP_HEADERS = () => ({
  authorization: `Bearer ${alice.tokens.access_token}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': PROTOCOL_VERSION,
});

describe('body limits', () => {
  test('an 8 MB chunked body to /mcp is 413 and opens no session', async () => {
    const res = await post(stack.mcp, chunked(8 * 1024 * 1024), MCP_HEADERS()).catch((error: unknown) => error);
    // The Worker answers as soon as the limit is passed; the client may see the answer or a reset upload.
    if (res instanceof Response) {
      expect(res.status).toBe(413);
      expect(res.headers.get('mcp-session-id')).toBeNull();
      const [message] = await messagesOf(res);
      expect((message?.error as { code: number } | undefined)?.code).toBe(-32600);
    } else {
      expect(String(res)).toMatch(/fetch failed|socket|reset|closed/i);
    }
  });

  test('a body declaring 2 MB in Content-Length to /mcp is 413 from the header alone', async () => {
    // Nothing of the body is sent: the answer must not wait for it (and a half-read upload could reset the socket).
    const url = new URL(stack.mcp);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...MCP_HEADERS(), 'content-length': String(2 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
  });

  test('a 10,000-value tool call (about 180 KB) under the limit still works', async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const values = Array.from({ length: 10_000 }, (_, i) => i + 0.123456789012);
    const res = await mcpRequest(
      stack,
      alice.tokens.access_token,
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'statistics', arguments: { values } } },
      { 'mcp-session-id': session },
    );
    expect(res.status).toBe(200);
    const [message] = await messagesOf(res);
    expect((message?.result as { structuredContent: { count: number } } | undefined)?.structuredContent.count).toBe(10_000);
  });

  test("chunked bodies just over the limit to /mcp, /register and /token are 413 with each endpoint's error", async () => {
    // One chunk, so the upload is all but complete before the answer. A body cut off mid-upload can still reset the
    // connection under load; that is the transport, not an answer, so the request is sent again (at most twice).
    const overBy = (limit: number, prefix: string) => `${prefix}${'a'.repeat(limit - prefix.length + 100)}"}}`;
    const oneChunk = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
    const send = async (url: string, text: string, headers: Record<string, string>): Promise<Response> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await post(url, oneChunk(text), headers);
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    const mcp = await send(stack.mcp, overBy(1024 * 1024, '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"'), MCP_HEADERS());
    expect(mcp.status).toBe(413);
    const [message] = await messagesOf(mcp);
    expect(message?.error).toEqual({ code: -32600, message: 'Request body too large: the limit is 1048576 bytes' });

    const before = (await (await stack.kv()).list({ prefix: 'client:' })).keys.length;
    const register = await send(d.register, overBy(64 * 1024, '{"client_name":"'), { 'content-type': 'application/json' });
    expect(register.status).toBe(413);
    expect(((await register.json()) as { error: string }).error).toBe('invalid_client_metadata');
    expect((await (await stack.kv()).list({ prefix: 'client:' })).keys.length).toBe(before);

    const token = await send(d.token, overBy(16 * 1024, 'grant_type=refresh_token&refresh_token='), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(token.status).toBe(413);
    expect(((await token.json()) as { error: string }).error).toBe('invalid_request');
  });

  test('8 MB chunked to /register and /token: 413, or the upload is cut off; never accepted', async () => {
    for (const [url, prefix] of [
      [d.register, '{"client_name":"'],
      [d.token, 'grant_type=refresh_token&refresh_token='],
    ] as const) {
      const res = await post(url, chunked(8 * 1024 * 1024, prefix), { 'content-type': 'application/json' }).catch(
        (error: unknown) => error,
      );
      if (res instanceof Response) expect(res.status).toBe(413);
      else expect(String(res)).toMatch(/fetch failed|socket|reset|closed/i);
    }
  });

  test('a JSON-RPC batch is refused with 400 and runs nothing', async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const res = await mcpRequest(
      stack,
      alice.tokens.access_token,
      [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {} } },
      ],
      { 'mcp-session-id': session },
    );
    expect(res.status).toBe(400);
    const [message] = await messagesOf(res);
    expect(message?.error).toEqual({ code: -32600, message: 'JSON-RPC batches are not supported' });
    const initializeBatch = await mcpRequest(stack, alice.tokens.access_token, [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 't', version: '0' } },
      },
    ]);
    expect(initializeBatch.status).toBe(400);
    expect(initializeBatch.headers.get('mcp-session-id')).toBeNull();
    await initializeBatch.body?.cancel();
  });
});
