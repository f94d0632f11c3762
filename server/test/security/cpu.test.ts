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
