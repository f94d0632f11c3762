// The Worker says which bundle it is on every answer, the 401 on /mcp and its metadata included.
import { exports } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';

import { BUNDLE_HEADER, VERSION_HEADER, withBundleIdentity } from '../../src/bundle-identity';

const ORIGIN = 'https://gatehouse-mcp.example.workers.dev';

describe('the bundle identity', () => {
  test('the 401 on /mcp and the protected-resource metadata name the bundle', async () => {
    const challenge = await exports.default.fetch(
      new Request(`${ORIGIN}/mcp`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }),
    );
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get(BUNDLE_HEADER)).toBe('0123456789abcdef');
    expect(challenge.headers.get(VERSION_HEADER)).toBe('0.1.0');
    const metadata = await exports.default.fetch(new Request(`${ORIGIN}/.well-known/oauth-protected-resource/mcp`));
    expect(metadata.headers.get(BUNDLE_HEADER)).toBe('0123456789abcdef');
  });

  test('a Worker uploaded without the bindings sends no header', () => {
    const response = withBundleIdentity(new Response('x', { status: 401 }), {});
    expect(response.headers.get(BUNDLE_HEADER)).toBeNull();
    expect(response.headers.get(VERSION_HEADER)).toBeNull();
  });

  test('a value that is not a short token never reaches a header', () => {
    const response = withBundleIdentity(new Response('x'), { GATEHOUSE_BUNDLE: 'a\r\nset-cookie: x=1', GATEHOUSE_VERSION: '1.2.3' });
    expect(response.headers.get(BUNDLE_HEADER)).toBeNull();
    expect(response.headers.get(VERSION_HEADER)).toBe('1.2.3');
  });
});
