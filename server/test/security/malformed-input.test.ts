// Hole 5: no unauthenticated input gives a 5xx. Lengths are checked before any storage access, malformed input
// gets the OAuth error the RFCs name, and a host the Worker does not serve gets a 4xx.
import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { type Discovery, pkce, registerClient } from '../support/oauth-client';
import { mcpRequest, type Stack, startSecurityStack, tokenRequest } from './helpers';

let stack: Stack;
let d: Discovery;
let clientId: string;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
  clientId = await registerClient(d);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const LONG = 'a'.repeat(600);

async function oauthError(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error?: string }).error;
}

describe('over-long identifiers', () => {
  test('a 600-character client_id at /authorize is a 400 page, not a 500', async () => {
    const { challenge } = pkce();
    const url = new URL(d.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: LONG,
      redirect_uri: 'dev.gatehouse.app:/oauth/callback',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('data-error-code="invalid_request"');
  });

  test('a 600-character client_id at /token is 401 invalid_client (in the body and in Basic auth)', async () => {
    const res = await tokenRequest(d, { grant_type: 'authorization_code', code: 'x:y:z', client_id: LONG, code_verifier: 'v'.repeat(43) });
    expect(res.status).toBe(401);
    expect(await oauthError(res)).toBe('invalid_client');
    const basic = await tokenRequest(
      d,
      { grant_type: 'refresh_token', refresh_token: 'x:y:z' },
      { authorization: `Basic ${Buffer.from(`${LONG}:secret`).toString('base64')}` },
    );
    expect(basic.status).toBe(401);
    expect(await oauthError(basic)).toBe('invalid_client');
  });

  test('an over-long part of a code or refresh token is 400 invalid_grant', async () => {
    for (const [param, grantType] of [
      ['code', 'authorization_code'],
      ['refresh_token', 'refresh_token'],
    ] as const) {
      const res = await tokenRequest(d, {
        grant_type: grantType,
        [param]: `${LONG}:g:r`,
        client_id: clientId,
        code_verifier: 'v'.repeat(43),
      });
      expect(res.status).toBe(400);
      expect(await oauthError(res)).toBe('invalid_grant');
    }
  });

  test('an over-long token to revoke is 400 invalid_request', async () => {
    const res = await fetch(d.token, { method: 'POST', body: new URLSearchParams({ token: `${LONG}:g:r`, client_id: clientId }) });
    expect(res.status).toBe(400);
    expect(await oauthError(res)).toBe('invalid_request');
  });

  test('an over-long bearer token at /mcp is 401 invalid_token with the challenge', async () => {
    for (const token of [`${LONG}:g:r`, `u:${LONG}:r`, `u:g:${LONG}`]) {
      const res = await mcpRequest(stack, token, { jsonrpc: '2.0', id: 1, method: 'ping' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(res.headers.get('www-authenticate')).toContain('resource_metadata=');
      await res.body?.cancel();
    }
  });

  test('a URL over 8 KiB is 414', async () => {
    const res = await fetch(`${d.authorize}?state=${'s'.repeat(9000)}`);
    expect(res.status).toBe(414);
    await res.body?.cancel();
  });

  test('an over-long parameter at /authorize or /token is 400', async () => {
    const res = await fetch(`${d.authorize}?client_id=${clientId}&redirect_uri=${'r'.repeat(3000)}`);
    expect(res.status).toBe(400);
    await res.body?.cancel();
    const token = await tokenRequest(d, {
      grant_type: 'authorization_code',
      code: 'x:y:z',
      client_id: clientId,
      redirect_uri: 'r'.repeat(3000),
    });
    expect(token.status).toBe(400);
    expect(await oauthError(token)).toBe('invalid_request');
  });
});

describe('identifiers measured as KV measures keys (UTF-8 bytes)', () => {
  // 200 characters, 600 bytes: under a limit counted in characters, over KV's 512-byte keys.
  const WIDE = '€'.repeat(200);

  test('a multi-byte client_id is 401 invalid_client at /token (body and Basic auth) and a 400 page at /authorize', async () => {
    const body = await tokenRequest(d, { grant_type: 'authorization_code', code: 'x:y:z', client_id: WIDE, code_verifier: 'v'.repeat(43) });
    expect(body.status).toBe(401);
    expect(await oauthError(body)).toBe('invalid_client');
    const basic = await tokenRequest(
      d,
      { grant_type: 'refresh_token', refresh_token: 'x:y:z' },
      { authorization: `Basic ${Buffer.from(`${encodeURIComponent(WIDE)}:secret`).toString('base64')}` },
    );
    expect(basic.status).toBe(401);
    expect(await oauthError(basic)).toBe('invalid_client');
    const page = await fetch(
      `${d.authorize}?${new URLSearchParams({ response_type: 'code', client_id: WIDE, redirect_uri: 'https://a.example/cb' })}`,
      {
        redirect: 'manual',
      },
    );
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    await page.body?.cancel();
  });

  test('a multi-byte refresh token, code or token to revoke is 400 with the RFC error, for a real client too', async () => {
    for (const [params, error] of [
      [{ grant_type: 'refresh_token', refresh_token: `${WIDE}:g:r` }, 'invalid_grant'],
      [{ grant_type: 'authorization_code', code: `${WIDE}:g:r`, code_verifier: 'v'.repeat(43) }, 'invalid_grant'],
      [{ token: `${WIDE}:g:r` }, 'invalid_request'],
    ] as const) {
      const res = await tokenRequest(d, { ...params, client_id: clientId });
      expect(res.status, JSON.stringify(params).slice(0, 40)).toBe(400);
      expect(await oauthError(res)).toBe(error);
    }
  });

  test('a bearer token of Latin-1 characters is 401 invalid_token', async () => {
    const res = await mcpRequest(stack, `${'é'.repeat(250)}:g:r`, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await res.body?.cancel();
  });

  test('a long https client_id that is no metadata document (no path) is held to the registered-client limit', async () => {
    for (const id of [`https://${'a'.repeat(900)}`, `https://a?${'q'.repeat(900)}`]) {
      const res = await tokenRequest(d, { grant_type: 'authorization_code', code: 'x:y:z', client_id: id, code_verifier: 'v'.repeat(43) });
      expect(res.status, id.slice(0, 12)).toBe(401);
      expect(await oauthError(res)).toBe('invalid_client');
    }
  });
});

/** A raw HTTP request with a chosen Host header (fetch does not let one set it). */
function withHost(path: string, host: string, method = 'GET'): Promise<number> {
  const url = new URL(path, stack.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a host the Worker does not serve', () => {
  test('every route answers 421, none 500', async () => {
    for (const path of ['/', '/mcp', '/authorize', '/token', '/register', '/callback', '/.well-known/oauth-authorization-server']) {
      expect(await withHost(path, 'evil.example')).toBe(421);
      expect(await withHost(path, 'evil.example', 'POST')).toBe(421);
    }
  });

  test('loopback hosts are served', async () => {
    const port = new URL(stack.origin).port;
    expect(await withHost('/.well-known/oauth-authorization-server', `localhost:${port}`)).toBe(200);
  });
});
