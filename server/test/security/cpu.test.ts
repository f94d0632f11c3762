// Hole 8: every demo tool and resource costs bounded CPU and memory whatever its input. The numbers resource tested
// primality by trial division (over a second of CPU for a large prime); it now takes milliseconds.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { ALICE, loginAs, mcpRequest, messagesOf, openSession, type Session, type Stack, startSecurityStack } from './helpers';

let stack: Stack;
let alice: Session;
let session: string;

beforeAll(async () => {
  ({ stack } = await startSecurityStack());
  alice = await loginAs(stack, ALICE);
  session = await openSession(stack, alice.tokens.access_token);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function read(uri: string): Promise<{ ms: number; facts: Record<string, unknown> }> {
  const started = performance.now();
  const res = await mcpRequest(
    stack,
    alice.tokens.access_token,
    { jsonrpc: '2.0', id: 7, method: 'resources/read', params: { uri } },
    { 'mcp-session-id': session },
  );
  expect(res.status).toBe(200);
  const [message] = await messagesOf(res);
  const ms = performance.now() - started;
  const text = (message?.result as { contents: Array<{ text: string }> } | undefined)?.contents[0]?.text ?? '{}';
  return { ms, facts: JSON.parse(text) as Record<string, unknown> };
}

describe('bounded CPU', () => {
  test('the largest safe prime is recognised in well under the old cost (the old check took > 1 s)', async () => {
    const warm = await read('gatehouse://numbers/12');
    expect(warm.facts).toEqual({ n: 12, even: true, prime: false, square: 144 });
    const big = await read('gatehouse://numbers/9007199254740881');
    expect(big.facts.prime).toBe(true);
    expect(big.ms).toBeLessThan(warm.ms + 400);
  });

  test('primality stays exact: strong pseudoprimes and Carmichael numbers are composite, primes are prime', async () => {
    for (const [n, prime] of [
      [2, true],
      [97, true],
      [561, false],
      [3215031751, false],
      [2152302898747, false],
      [3474749660383, false],
      [341550071728321, false],
      [4294967291, true],
      [9007199254740881, true],
      [9007199254740883, false],
    ] as const) {
      expect((await read(`gatehouse://numbers/${n}`)).facts.prime, String(n)).toBe(prime);
    }
  });

  test('a huge or non-numeric n is answered without parsing it', async () => {
    expect((await read(`gatehouse://numbers/${'9'.repeat(5000)}`)).facts).toEqual({ error: 'not an integer' });
    expect((await read('gatehouse://numbers/1e400')).facts).toEqual({ error: 'not an integer' });
  });
});

/** A JSON-RPC request in the session: its one message, and how long it took. */
async function rpc(method: string, params: Record<string, unknown>): Promise<{ ms: number; message: Record<string, unknown> }> {
  const started = performance.now();
  const res = await mcpRequest(stack, alice.tokens.access_token, { jsonrpc: '2.0', id: 8, method, params }, { 'mcp-session-id': session });
  expect(res.status).toBe(200);
  const [message] = await messagesOf(res);
  return { ms: performance.now() - started, message: message ?? {} };
}

/** Whether a tools/call was refused (a JSON-RPC error, or a tool error result) with nothing computed. */
function refused(message: Record<string, unknown>): boolean {
  const result = message.result as { isError?: boolean; structuredContent?: unknown; content?: Array<{ type: string }> } | undefined;
  if (message.error !== undefined) return true;
  return result?.isError === true && result.structuredContent === undefined && !result.content?.some((c) => c.type === 'image');
}

const person = (i: number) => ({ name: `Person ${i}`, email: `p${i}@example.com` });

describe('bounded inputs for every tool and prompt', () => {
  test('inputs over each bound are refused before anything runs', async () => {
    const over: Array<[string, Record<string, unknown>]> = [
      ['statistics', { values: Array.from({ length: 10_001 }, (_, i) => i) }],
      ['badge', { color: 'green', size: 4096 }],
      ['countdown', { steps: 10_000, delayMs: 10 }],
      ['countdown', { steps: 2, delayMs: 600_000 }],
      ['visit_page', { doneAfterMs: 30_001 }],
      ['write_haiku', { topic: 'x'.repeat(101) }],
      [
        'schedule_meeting',
        {
          title: 't',
          attendees: Array.from({ length: 51 }, (_, i) => ({ person: person(i) })),
          when: { kind: 'once', start: '2026-01-05T10:00:00Z', durationMinutes: 30 },
          location: { type: 'video', provider: 'meet' },
        },
      ],
    ];
    for (const [name, args] of over) {
      const { ms, message } = await rpc('tools/call', { name, arguments: args });
      expect(refused(message), `${name} ${JSON.stringify(args).slice(0, 60)}`).toBe(true);
      expect(ms).toBeLessThan(5_000);
    }
  });

  test('the largest accepted inputs finish in bounded time', async () => {
    const biggest: Array<[string, Record<string, unknown>]> = [
      ['statistics', { values: Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007) }],
      ['badge', { color: 'green', size: 256 }],
      [
        'schedule_meeting',
        {
          title: 'x'.repeat(200),
          attendees: Array.from({ length: 50 }, (_, i) => ({ person: person(i) })),
          when: { kind: 'weekly', weekday: 'monday', time: '09:30', durationMinutes: 480, occurrences: 52 },
          location: { type: 'room', building: 'b'.repeat(100_000), room: 'r' },
          agenda: Array.from({ length: 480 }, (_, i) => ({ topic: `${i} ${'t'.repeat(200)}`, minutes: 1 })),
        },
      ],
    ];
    for (const [name, args] of biggest) {
      const { ms, message } = await rpc('tools/call', { name, arguments: args });
      expect(message.result, name).toBeDefined();
      expect((message.result as { isError?: boolean }).isError ?? false, name).toBe(false);
      expect(ms, name).toBeLessThan(5_000);
    }
    const prompt = await rpc('prompts/get', { name: 'explain_access', arguments: { audience: 'a'.repeat(500_000) } });
    expect(prompt.message.result).toBeDefined();
    expect(prompt.ms).toBeLessThan(5_000);
  });
});
