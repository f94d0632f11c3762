// A property test: thousands of random, oversized and malformed requests to /authorize, /token, /register,
// /callback and /mcp (with no token, a garbage token, or a real one) never get a 5xx, and the Worker still serves a
// normal login afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { ALICE, BOB, loginAs, openSession, type Session, type Stack, startSecurityStack, whoami } from './helpers';

const RUNS = Number(process.env.GATEHOUSE_FUZZ_RUNS ?? 2500);

let stack: Stack;
let alice: Session;

beforeAll(async () => {
  ({ stack } = await startSecurityStack());
  alice = await loginAs(stack, ALICE);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'resource',
  'grant_type',
  'refresh_token',
  'token',
  'error',
  'handle',
  'decision',
];

/** Printable ASCII only: header values must be ByteStrings. */
const ascii = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });

const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  // Any code point: short in UTF-16 units, long in the UTF-8 bytes KV counts.
  fc.string({ unit: 'binary', minLength: 90, maxLength: 400 }),
  fc.constantFrom(
    'javascript:alert(1)',
    'dev.gatehouse.app:/oauth/callback',
    'http://127.0.0.1:1/cb',
    'authorization_code',
    'refresh_token',
    'S256',
    'plain',
    'code',
    'mcp',
    'mcp admin',
    'a:b:c',
    'https://client.example.invalid/metadata.json',
    `https://client.example.invalid/${'p'.repeat(900)}`,
    '::',
    '%00',
    '"><script>alert(1)</script>',
  ),
);

const params = fc.dictionary(fc.constantFrom(...PARAMETERS), value, { maxKeys: 6 });

const bearer = fc.oneof(
  fc.constant(null),
  ascii(60).map((t) => `Bearer ${t}`),
  ascii(40).map((t) => `Bearer ${t}:${t}:${t}`),
  fc.integer({ min: 200, max: 2000 }).map((n) => `Bearer ${'a'.repeat(n)}:b:c`),
  fc
    .string({ unit: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)), minLength: 130, maxLength: 300 })
    .map((t) => `Bearer ${t}:b:c`),
  ascii(80).map((t) => `Basic ${Buffer.from(t).toString('base64')}`),
  fc.constant('real'),
);

const jsonRpc = fc.oneof(
  fc.record({
    jsonrpc: fc.constantFrom('2.0', '1.0'),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)),
    method: fc.constantFrom('initialize', 'ping', 'tools/list', 'tools/call', 'resources/read', 'prompts/get', 'x'),
    params: fc.jsonValue({ maxDepth: 3 }),
  }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const body = fc.oneof(
  fc.constant(undefined),
  params.map((p) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(p).toString() })),
  jsonRpc.map((j) => ({ type: 'application/json', text: JSON.stringify(j) })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text })),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => ({ type: 'application/json', text: `{"client_name":"${'x'.repeat(n)}"}` })),
  fc
    .record({ redirect_uris: fc.array(value, { maxLength: 30 }), client_name: value })
    .map((m) => ({ type: 'application/json', text: JSON.stringify(m) })),
);

const request = fc.record({
  path: fc.constantFrom('/authorize', '/token', '/register', '/callback', '/mcp', '/mcp/message', '/'),
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS'),
  query: params,
  authorization: bearer,
  session: fc.option(ascii(80), { nil: null }),
  accept: fc.constantFrom('application/json, text/event-stream', 'text/event-stream', '*/*', ''),
  body,
});

describe('random and malformed requests', () => {
  test(`${RUNS} requests: none gets a 5xx`, async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const url = new URL(r.path, stack.origin);
        url.search = new URLSearchParams(r.query).toString();
        const headers: Record<string, string> = {};
        if (r.authorization === 'real') headers.authorization = `Bearer ${alice.tokens.access_token}`;
        else if (r.authorization) headers.authorization = r.authorization;
        if (r.session !== null) headers['mcp-session-id'] = r.session;
        if (r.accept) headers.accept = r.accept;
        const withBody = r.body !== undefined && r.method !== 'GET';
        if (withBody && r.body) headers['content-type'] = r.body.type;
        const init: RequestInit = { method: r.method, headers, redirect: 'manual', ...(withBody && r.body ? { body: r.body.text } : {}) };
        // A kept-alive connection the Worker closed after answering without reading a body resets the next request
        // on it; that is the client's connection reuse, not an answer, so it is retried once on a new connection.
        const res = await fetch(url, init).catch(() => fetch(url, init));
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 500) failures.push(`${r.method} ${url.pathname} → ${res.status}`);
        return res.status < 500;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  }, 300_000);

  test('afterwards the Worker still serves a normal login and tools', async () => {
    const bob = await loginAs(stack, BOB);
    const session = await openSession(stack, bob.tokens.access_token);
    expect(await whoami(stack, bob.tokens.access_token, session)).toEqual({ status: 200, email: BOB });
  });
});
