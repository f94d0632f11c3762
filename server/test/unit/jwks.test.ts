import { describe, expect, test } from 'vitest';

import { JwksCache } from '../../src/access/jwks';
import { jwksServer, makeKey } from './keys';

describe('JwksCache', () => {
  test('fetches once and serves later lookups from the cache', async () => {
    const k1 = await makeKey('k1');
    const { state, fetcher } = jwksServer([k1.publicJwk]);
    const cache = new JwksCache('https://x/jwks', { fetcher });
    expect((await cache.key('k1')).ok).toBe(true);
    expect((await cache.key('k1')).ok).toBe(true);
    expect((await cache.key(undefined)).ok).toBe(true);
    expect(state.requests).toBe(1);
  });

  test('refetches once on an unknown kid (rotation), then finds the new key', async () => {
    let now = 0;
    const k1 = await makeKey('k1');
    const k2 = await makeKey('k2');
    const { state, fetcher } = jwksServer([k1.publicJwk]);
    const cache = new JwksCache('https://x/jwks', { fetcher, now: () => now, minRefetchMs: 5_000 });
    expect((await cache.key('k1')).ok).toBe(true);
    state.keys = [k1.publicJwk, k2.publicJwk];
    now = 10_000;
    expect((await cache.key('k2')).ok).toBe(true);
    expect(state.requests).toBe(2);
  });

  test('an unknown kid costs at most one refetch, and none right after a fetch', async () => {
    let now = 0;
    const k1 = await makeKey('k1');
    const { state, fetcher } = jwksServer([k1.publicJwk]);
    const cache = new JwksCache('https://x/jwks', { fetcher, now: () => now, minRefetchMs: 5_000 });
    expect(await cache.key('nope')).toEqual({ ok: false, error: 'unknown_kid' });
    expect(state.requests).toBe(1); // the first fetch was just now: no second one
    now = 6_000;
    expect(await cache.key('nope')).toEqual({ ok: false, error: 'unknown_kid' });
    expect(state.requests).toBe(2);
    expect(await cache.key('nope')).toEqual({ ok: false, error: 'unknown_kid' });
    expect(state.requests).toBe(2); // cooldown: an attacker's random kids cannot hammer Access
  });

  test('keys expire after the TTL', async () => {
    let now = 0;
    const k1 = await makeKey('k1');
    const { state, fetcher } = jwksServer([k1.publicJwk]);
    const cache = new JwksCache('https://x/jwks', { fetcher, now: () => now, ttlMs: 60_000 });
    await cache.key('k1');
    now = 61_000;
    await cache.key('k1');
    expect(state.requests).toBe(2);
  });

  test('an unreachable JWKS is reported as such; non-RS256 and encryption keys are ignored', async () => {
    const k1 = await makeKey('k1');
    const { state, fetcher } = jwksServer([
      { ...k1.publicJwk, kid: 'enc', use: 'enc' },
      { ...k1.publicJwk, kid: 'ps', alg: 'PS256' },
    ]);
    const cache = new JwksCache('https://x/jwks', { fetcher, minRefetchMs: 0 });
    expect(await cache.key('enc')).toEqual({ ok: false, error: 'unknown_kid' });
    expect(await cache.key('ps')).toEqual({ ok: false, error: 'unknown_kid' });
    state.fail = true;
    const down = new JwksCache('https://y/jwks', { fetcher });
    expect(await down.key('k1')).toEqual({ ok: false, error: 'jwks_unavailable' });
  });
});
