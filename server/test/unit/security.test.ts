// The security pieces on their own, in workerd: scope policy, registration limits, the bounded body reader,
// primality, and the Access policy callback with a stubbed Access token endpoint.
import { env } from 'cloudflare:workers';
import { GrantType, OAuthError, type TokenExchangeCallbackOptions } from '@cloudflare/workers-oauth-provider';
import { describe, expect, test } from 'vitest';

import { followAccessPolicy, SESSION_WITHOUT_ACCESS_REFRESH_SECONDS } from '../../src/access/refresh';
import { BodyTooLarge, readBody } from '../../src/security/limits';
import { checkRegistrationLimits } from '../../src/security/registration';
import { grantedScopes } from '../../src/security/scopes';
import { isPrime } from '../../src/tools/resources';

const USER = { sub: 's-1', email: 'a@example.com', name: 'A', groups: ['g'] };

function options(grantType: GrantType, props: unknown): TokenExchangeCallbackOptions<Env> {
  return {
    grantType,
    clientId: 'c',
    subjectClientId: 'c',
    userId: 's-1',
    grantId: 'g-1',
    scope: ['mcp'],
    requestedScope: ['mcp'],
    resource: 'http://127.0.0.1/mcp',
    props,
    env,
  };
}

const access = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status });

describe('scopes', () => {
  test('no scope means mcp; known scopes are kept; unknown ones are refused', () => {
    expect(grantedScopes([])).toEqual({ ok: true, value: ['mcp'] });
    expect(grantedScopes(['mcp', 'offline_access', 'mcp'])).toEqual({ ok: true, value: ['mcp', 'offline_access'] });
    expect(grantedScopes(['offline_access'])).toEqual({ ok: true, value: ['offline_access'] });
    expect(grantedScopes(['mcp', 'admin'])).toEqual({ ok: false, error: ['admin'] });
  });
});

describe('registration limits', () => {
  const check = (clientMetadata: Record<string, unknown>) =>
    checkRegistrationLimits({ clientMetadata, request: new Request('http://x/register') });
  test('counts and lengths', () => {
    expect(check({ redirect_uris: ['https://a.b/c'], client_name: 'ok' })).toBeUndefined();
    expect(check({ redirect_uris: Array.from({ length: 11 }, (_, i) => `https://a.b/${i}`) })?.code).toBe('invalid_redirect_uri');
    expect(check({ redirect_uris: [`https://a.b/${'x'.repeat(2100)}`] })?.code).toBe('invalid_redirect_uri');
    expect(check({ client_name: 'n'.repeat(201) })?.code).toBe('invalid_client_metadata');
    expect(check({ logo_uri: 7 })?.code).toBe('invalid_client_metadata');
    expect(check({ contacts: Array.from({ length: 11 }, () => 'a@b.c') })?.code).toBe('invalid_client_metadata');
  });
});

describe('readBody', () => {
  test('stops a chunked body at the limit, whatever Content-Length says', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request('http://x/', { method: 'POST', body: stream });
    await expect(readBody(request, 10_000)).rejects.toBeInstanceOf(BodyTooLarge);
    const small = new Request('http://x/', { method: 'POST', body: 'hello' });
    expect(new TextDecoder().decode(await readBody(small, 10))).toBe('hello');
  });
});

describe('isPrime', () => {
  test('exact for primes, Carmichael numbers and strong pseudoprimes up to 2^53', () => {
    expect([0, 1, 2, 3, 4, 97, 561, 7919].map(isPrime)).toEqual([false, false, true, true, false, true, false, true]);
    expect(isPrime(3215031751)).toBe(false);
    expect(isPrime(341550071728321)).toBe(false);
    expect(isPrime(9007199254740881)).toBe(true);
    expect(isPrime(9007199254740883)).toBe(false);
    expect(isPrime(2 ** 53)).toBe(false);
    expect(isPrime(1.5)).toBe(false);
  });
});

describe('the Access policy callback', () => {
  test('at the code exchange: access tokens carry the user only; no Access refresh token means a 24 h grant', async () => {
    const withUpstream = await followAccessPolicy(options(GrantType.AUTHORIZATION_CODE, { ...USER, accessRefreshToken: 'up-1' }));
    expect(withUpstream).toEqual({ accessTokenProps: USER });
    const without = await followAccessPolicy(options(GrantType.AUTHORIZATION_CODE, USER));
    expect(without).toEqual({ accessTokenProps: USER, refreshTokenTTL: SESSION_WITHOUT_ACCESS_REFRESH_SECONDS });
  });

  test('a refresh refreshes with Access and keeps its rotated token in the grant only', async () => {
    const result = await followAccessPolicy(
      options(GrantType.REFRESH_TOKEN, { ...USER, accessRefreshToken: 'up-1' }),
      access(200, { refresh_token: 'up-2' }),
    );
    expect(result).toEqual({ accessTokenProps: USER, newProps: { ...USER, accessRefreshToken: 'up-2' } });
  });

  test('Access refusing the refresh is invalid_grant (the library then revokes the grant)', async () => {
    const call = followAccessPolicy(
      options(GrantType.REFRESH_TOKEN, { ...USER, accessRefreshToken: 'up-1' }),
      access(400, { error: 'invalid_grant' }),
    );
    await expect(call).rejects.toBeInstanceOf(OAuthError);
    await expect(call).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  test('Access down is temporarily_unavailable (503), not a revocation', async () => {
    const down = followAccessPolicy(options(GrantType.REFRESH_TOKEN, { ...USER, accessRefreshToken: 'up-1' }), access(502, {}));
    await expect(down).rejects.toMatchObject({ code: 'temporarily_unavailable', statusCode: 503 });
    const unreachable = followAccessPolicy(options(GrantType.REFRESH_TOKEN, { ...USER, accessRefreshToken: 'up-1' }), async () => {
      throw new TypeError('network');
    });
    await expect(unreachable).rejects.toMatchObject({ code: 'temporarily_unavailable' });
  });

  test('props that are not a user end the grant', async () => {
    await expect(followAccessPolicy(options(GrantType.REFRESH_TOKEN, { nope: true }))).rejects.toMatchObject({ code: 'invalid_grant' });
  });
});
