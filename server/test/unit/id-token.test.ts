import { beforeAll, describe, expect, test } from 'vitest';

import { verifyIdToken } from '../../src/access/id-token';
import { JwksCache } from '../../src/access/jwks';
import { REQUIRED_CLAIMS } from '../../src/result';
import { hmacJwt, jwksServer, makeKey, signJwt, type TestKey, unsigned } from './keys';

const ISSUER = 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/client-1';
const AUD = 'client-1';
const NONCE = 'nonce-123';
const NOW = 1_800_000_000;

let key: TestKey;
let other: TestKey;
let keys: JwksCache;

const claims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUD,
  sub: '6f1c8a52-0000-4000-a000-000000000001',
  email: 'alice@example.com',
  name: 'Alice',
  groups: ['staff'],
  nonce: NONCE,
  iat: NOW - 10,
  exp: NOW + 300,
  ...over,
});

const expectations = { issuer: ISSUER, audience: AUD, nonce: NONCE, now: NOW };

beforeAll(async () => {
  key = await makeKey('k1');
  other = await makeKey('k2');
  const { fetcher } = jwksServer([key.publicJwk]);
  keys = new JwksCache('https://jwks.test/jwks', { fetcher });
});

async function verify(token: string, over: Partial<typeof expectations> = {}) {
  return verifyIdToken(token, keys, { ...expectations, ...over });
}

describe('verifyIdToken accepts', () => {
  test('a genuine RS256 token and returns the Access identity', async () => {
    const result = await verify(await signJwt({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, claims(), key.privateKey));
    expect(result).toEqual({
      ok: true,
      value: { sub: '6f1c8a52-0000-4000-a000-000000000001', email: 'alice@example.com', name: 'Alice', groups: ['staff'] },
    });
  });

  test('clock skew within 60 seconds, and an aud array with azp', async () => {
    const token = await signJwt(
      { alg: 'RS256', kid: 'k1' },
      claims({ exp: NOW - 30, iat: NOW + 30, aud: [AUD, 'x'], azp: AUD }),
      key.privateKey,
    );
    expect((await verify(token)).ok).toBe(true);
  });

  test('missing name and groups become null and []', async () => {
    const { name: _n, groups: _g, ...rest } = claims();
    const result = await verify(await signJwt({ alg: 'RS256', kid: 'k1' }, rest, key.privateKey));
    expect(result.ok && result.value).toMatchObject({ name: null, groups: [] });
  });
});

describe('verifyIdToken refuses', () => {
  test('alg none', async () => {
    expect(await verify(unsigned({ alg: 'none' }, claims()))).toEqual({ ok: false, error: 'alg_not_allowed' });
  });

  test('HS256 (key confusion)', async () => {
    const token = await hmacJwt({ alg: 'HS256', kid: 'k1' }, claims(), 'secret');
    expect(await verify(token)).toEqual({ ok: false, error: 'alg_not_allowed' });
  });

  test('an unknown kid', async () => {
    const token = await signJwt({ alg: 'RS256', kid: 'k2' }, claims(), other.privateKey);
    expect(await verify(token)).toEqual({ ok: false, error: 'unknown_kid' });
  });

  test('a signature by the wrong key under a known kid', async () => {
    const token = await signJwt({ alg: 'RS256', kid: 'k1' }, claims(), other.privateKey);
    expect(await verify(token)).toEqual({ ok: false, error: 'bad_signature' });
  });

  test('a payload changed after signing', async () => {
    const token = await signJwt({ alg: 'RS256', kid: 'k1' }, claims(), key.privateKey);
    const [h, , s] = token.split('.');
    const forged = btoa(JSON.stringify(claims({ email: 'mallory@evil.test' })))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(await verify(`${h}.${forged}.${s}`)).toEqual({ ok: false, error: 'bad_signature' });
  });

  test('the wrong issuer', async () => {
    const token = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ iss: 'https://team.cloudflareaccess.com' }), key.privateKey);
    expect(await verify(token)).toEqual({ ok: false, error: 'wrong_issuer' });
  });

  test('the wrong audience, and an aud array without our azp', async () => {
    const wrong = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ aud: 'client-2' }), key.privateKey);
    expect(await verify(wrong)).toEqual({ ok: false, error: 'wrong_audience' });
    const multi = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ aud: [AUD, 'client-2'], azp: 'client-2' }), key.privateKey);
    expect(await verify(multi)).toEqual({ ok: false, error: 'wrong_audience' });
  });

  test('an expired token (beyond the skew)', async () => {
    const token = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ exp: NOW - 61, iat: NOW - 600 }), key.privateKey);
    expect(await verify(token)).toEqual({ ok: false, error: 'expired' });
  });

  test('a token not valid yet (nbf) or issued in the future (iat)', async () => {
    const nbf = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ nbf: NOW + 120 }), key.privateKey);
    expect(await verify(nbf)).toEqual({ ok: false, error: 'not_yet_valid' });
    const iat = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ iat: NOW + 120 }), key.privateKey);
    expect(await verify(iat)).toEqual({ ok: false, error: 'issued_in_future' });
  });

  test('a nonce mismatch', async () => {
    const wrong = await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ nonce: 'other' }), key.privateKey);
    expect(await verify(wrong)).toEqual({ ok: false, error: 'nonce_mismatch' });
  });

  for (const claim of REQUIRED_CLAIMS) {
    test(`a token without ${claim} is refused, naming it`, async () => {
      const { [claim]: _dropped, ...rest } = claims();
      const token = await signJwt({ alg: 'RS256', kid: 'k1' }, rest, key.privateKey);
      expect(await verify(token)).toEqual({ ok: false, error: `missing_${claim}` });
      const empty = await signJwt({ alg: 'RS256', kid: 'k1' }, { ...rest, [claim]: '' }, key.privateKey);
      expect(await verify(empty)).toEqual({ ok: false, error: `missing_${claim}` });
    });
  }

  test('only the claims Access documents are needed: sub, email, iss, aud, exp, iat, nonce', async () => {
    const { name: _n, groups: _g, ...documented } = claims();
    const result = await verify(await signJwt({ alg: 'RS256', kid: 'k1' }, documented, key.privateKey));
    expect(result).toEqual({ ok: true, value: { sub: documented.sub, email: documented.email, name: null, groups: [] } });
  });

  test('garbage, claims of the wrong type, and crit headers', async () => {
    expect(await verify('a.b')).toEqual({ ok: false, error: 'malformed' });
    expect(await verify('!!.??.**')).toEqual({ ok: false, error: 'malformed' });
    expect(await verify(await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ exp: 'soon' }), key.privateKey))).toEqual({
      ok: false,
      error: 'malformed',
    });
    expect(await verify(await signJwt({ alg: 'RS256', kid: 'k1' }, claims({ email: 'not-an-address' }), key.privateKey))).toEqual({
      ok: false,
      error: 'malformed',
    });
    expect(await verify(await signJwt({ alg: 'RS256', kid: 'k1', crit: ['x'] }, claims(), key.privateKey))).toEqual({
      ok: false,
      error: 'malformed',
    });
  });
});
