// Hole 7: dynamic client registration has limits: redirect URI count and lengths, name and string lengths, a rate
// per client address, and registrations that never complete a login expire.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { authorize, type Discovery, exchange } from '../support/oauth-client';
import { ALICE, type Stack, startSecurityStack } from './helpers';

let stack: Stack;
let d: Discovery;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function registerWith(metadata: Record<string, unknown>, address?: string): Promise<Response> {
  // An oversized body is refused from its Content-Length while it is still being sent, which can reset the
  // connection under load: that is the transport, not an answer, so the request is sent again (at most twice).
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await registerOnce(metadata, address);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

function registerOnce(metadata: Record<string, unknown>, address?: string): Promise<Response> {
  return fetch(d.register, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(address ? { 'cf-connecting-ip': address } : {}) },
    body: JSON.stringify({
      client_name: 'Test',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['dev.gatehouse.app:/oauth/callback'],
      ...metadata,
    }),
  });
}

async function clientKeys(): Promise<Map<string, number | undefined>> {
  const kv = await stack.kv();
  return new Map((await kv.list({ prefix: 'client:' })).keys.map((k) => [k.name, k.expiration]));
}

describe('sizes', () => {
  test('5,000 redirect URIs are refused (over the 64 KiB body limit, and over the count) and nothing is stored', async () => {
    const before = (await clientKeys()).size;
    const uris = Array.from({ length: 5000 }, (_, i) => `https://app.example/cb/${i}`);
    const res = await registerWith({ redirect_uris: uris });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
    const short = Array.from({ length: 1000 }, (_, i) => `https://a.b/${i}`);
    const counted = await registerWith({ redirect_uris: short });
    expect(counted.status).toBe(400);
    expect(((await counted.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    expect((await clientKeys()).size).toBe(before);
  });

  test('11 redirect URIs are refused, 10 accepted', async () => {
    const uris = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example/cb/${i}`);
    expect((await registerWith({ redirect_uris: uris(11) })).status).toBe(400);
    expect((await registerWith({ redirect_uris: uris(10) })).status).toBe(201);
  });

  test('a 1 MiB client_name is 413; a 201-character one is invalid_client_metadata; 200 is fine', async () => {
    const huge = await registerWith({ client_name: 'n'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    await huge.body?.cancel();
    const long = await registerWith({ client_name: 'n'.repeat(201) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: string }).error).toBe('invalid_client_metadata');
    expect((await registerWith({ client_name: 'n'.repeat(200) })).status).toBe(201);
  });

  test('an over-long redirect URI or client_uri is refused', async () => {
    expect((await registerWith({ redirect_uris: [`https://app.example/${'p'.repeat(2100)}`] })).status).toBe(400);
    expect((await registerWith({ client_uri: `https://app.example/${'p'.repeat(2100)}` })).status).toBe(400);
  });
});

describe('rate per client address', () => {
  test('the 21st registration within the hour from one address is 429; another address still registers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await registerWith({}, '203.0.113.7')).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await registerWith({}, '198.51.100.9')).status).toBe(201);
  });
});

describe('registrations that never log in', () => {
  test('expire after an hour; completing a login extends the registration to 90 days', async () => {
    const res = await registerWith({});
    const { client_id: clientId } = (await res.json()) as { client_id: string };
    const now = Date.now() / 1000;
    const pending = (await clientKeys()).get(`client:${clientId}`);
    expect(pending).toBeGreaterThan(now + 3500);
    expect(pending).toBeLessThanOrEqual(now + 3605);

    const outcome = await authorize(d, { clientId, email: ALICE });
    expect((await exchange(d, clientId, outcome)).status).toBe(200);
    const confirmed = (await clientKeys()).get(`client:${clientId}`);
    expect(confirmed).toBeGreaterThan(now + 89 * 24 * 3600);
  });
});
