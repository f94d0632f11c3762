import { beforeEach, describe, expect, test } from 'vitest';

import { clearDiscoveryCache, discoverIssuer } from '../../src/access/discovery';

const URL_ = 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/.well-known/openid-configuration';

function serving(body: unknown, status = 200) {
  const calls: string[] = [];
  const fetcher = async (input: string) => {
    calls.push(input);
    return Response.json(body, { status });
  };
  return { calls, fetcher };
}

beforeEach(() => clearDiscoveryCache());

describe('discoverIssuer', () => {
  test('reads the issuer and caches it', async () => {
    const { calls, fetcher } = serving({ issuer: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid' });
    expect(await discoverIssuer(URL_, fetcher, 0)).toEqual({
      ok: true,
      value: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid',
    });
    expect((await discoverIssuer(URL_, fetcher, 1000)).ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  test('accepts a bare team-domain issuer on the same host', async () => {
    const { fetcher } = serving({ issuer: 'https://team.cloudflareaccess.com' });
    expect((await discoverIssuer(URL_, fetcher)).ok).toBe(true);
  });

  test('refuses an issuer on another host, a missing issuer, and errors', async () => {
    expect((await discoverIssuer(URL_, serving({ issuer: 'https://evil.example' }).fetcher)).ok).toBe(false);
    expect((await discoverIssuer(URL_, serving({}).fetcher)).ok).toBe(false);
    expect((await discoverIssuer(URL_, serving({ issuer: 'http://team.cloudflareaccess.com' }).fetcher)).ok).toBe(false);
    expect((await discoverIssuer(URL_, serving({ error: 'x' }, 500).fetcher)).ok).toBe(false);
  });
});
