import { describe, expect, test } from 'vitest';

import { readAccessConfig } from '../../src/access/config';
import { classifyRedirectUri } from '../../src/redirect-policy';

describe('classifyRedirectUri', () => {
  test.each([
    ['https://app.example/callback', 'https'],
    ['http://127.0.0.1:53682/callback', 'loopback'],
    ['http://[::1]:8080/cb', 'loopback'],
    ['http://localhost/cb', 'loopback'],
    ['dev.gatehouse.app:/oauth/callback', 'private-use'],
    ['com.example.app:/cb', 'private-use'],
  ])('accepts %s as %s', (uri, kind) => {
    expect(classifyRedirectUri(uri)).toEqual({ ok: true, value: kind });
  });

  test.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,x',
    'file:///etc/passwd',
    'vbscript:x',
    'blob:https://a/b',
    'http://evil.example/cb',
    'http://127.0.0.1.evil.example/cb',
    'myapp:/callback',
    'https://a.example/cb#x',
    'https://user:pw@a.example/cb',
    'https://a.example/c b',
    'relative/path',
    '',
  ])('refuses %s', (uri) => {
    expect(classifyRedirectUri(uri).ok).toBe(false);
  });
});

describe('readAccessConfig', () => {
  const base = {
    ACCESS_CLIENT_ID: 'cid',
    ACCESS_CLIENT_SECRET: 'secret',
    ACCESS_TOKEN_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/token',
    ACCESS_AUTHORIZATION_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/authorization',
    ACCESS_JWKS_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/jwks',
    COOKIE_ENCRYPTION_KEY: 'k'.repeat(32),
  };

  test('derives the discovery URL from the token URL', () => {
    const config = readAccessConfig(base);
    expect(config.ok && config.value.discoveryUrl).toBe(
      'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/cid/.well-known/openid-configuration',
    );
  });

  test('names missing secrets without revealing values', () => {
    const config = readAccessConfig({ ...base, ACCESS_CLIENT_SECRET: '', COOKIE_ENCRYPTION_KEY: '' });
    expect(config).toEqual({
      ok: false,
      error: { code: 'misconfigured', detail: 'missing secrets: ACCESS_CLIENT_SECRET, COOKIE_ENCRYPTION_KEY' },
    });
  });

  test('refuses remote http endpoints and short cookie keys', () => {
    expect(readAccessConfig({ ...base, ACCESS_JWKS_URL: 'http://team.example/jwks' }).ok).toBe(false);
    expect(readAccessConfig({ ...base, COOKIE_ENCRYPTION_KEY: 'short' }).ok).toBe(false);
  });
});
