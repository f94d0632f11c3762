// Refusals that already held before the security work, kept here so none regresses: forged id_tokens, redirect-URI
// tricks, PKCE downgrades, consent CSRF, code replay, client confusion, tokens for another resource, and XSS in
// reflected fields. Each asserts the status, the error and that nothing was granted.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { Browser } from '../support/browser';
import { APP_REDIRECT, authorize, type Discovery, exchange, pkce, registerClient } from '../support/oauth-client';
import { ALICE, grantsOf, loginAs, mcpRequest, type Stack, startSecurityStack, tokenRequest } from './helpers';

let stack: Stack;
let d: Discovery;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

function authorizeUrl(params: Record<string, string>): string {
  const url = new URL(d.authorize);
  url.search = new URLSearchParams(params).toString();
  return url.href;
}

const aliceSub = async () => (await loginAs(stack, ALICE)).tokens.access_token.split(':')[0] ?? '';

describe('refusals that hold', () => {
  test('forged and tampered id_tokens (alg none, wrong key, wrong audience) grant nothing', async () => {
    const sub = await aliceSub();
    const before = (await grantsOf(stack, sub)).length;
    for (const fault of ['alg-none', 'wrong-key', 'wrong-aud'] as const) {
      stack.access.setIdTokenFault(stack.accessClientId, fault);
      try {
        const clientId = await registerClient(d);
        const outcome = await authorize(d, { clientId, email: ALICE });
        expect(outcome.returned).toBeNull();
        expect(outcome.res.status).toBe(400);
        expect(await outcome.res.text()).toContain('data-error-code="id_token_invalid"');
      } finally {
        stack.access.setIdTokenFault(stack.accessClientId, null);
      }
    }
    expect((await grantsOf(stack, sub)).length).toBe(before);
  });

  test('an unregistered redirect URI never gets a redirect', async () => {
    const clientId = await registerClient(d);
    const { challenge } = pkce();
    const res = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://attacker.example/cb',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
      }),
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  test('PKCE downgrades: no code_challenge, or method plain, are refused back to the client with no code', async () => {
    const clientId = await registerClient(d);
    for (const params of [{}, { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }]) {
      const res = await fetch(
        authorizeUrl({ response_type: 'code', client_id: clientId, redirect_uri: APP_REDIRECT, state: 's', ...params }),
        {
          redirect: 'manual',
        },
      );
      const location = res.headers.get('location');
      if (location) {
        const back = new URL(location);
        expect(back.searchParams.get('error')).toBe('invalid_request');
        expect(back.searchParams.get('code')).toBeNull();
      } else {
        expect(res.status).toBe(400);
      }
    }
  });

  test('a consent form posted from another browser (CSRF) is refused and grants nothing', async () => {
    const clientId = await registerClient(d);
    const { challenge } = pkce();
    const victim = new Browser();
    const page = await victim.fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: APP_REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 's',
      }),
    );
    const handle = /name="handle" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(handle).not.toBe('');
    const attacker = new Browser();
    const res = await attacker.fetch(new URL('/authorize', d.issuer), {
      method: 'POST',
      body: new URLSearchParams({ handle, decision: 'approve' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  test('a replayed code is invalid_grant, and so is a code exchanged by another client', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, email: ALICE });
    expect((await exchange(d, clientId, outcome)).status).toBe(200);
    const replay = await exchange(d, clientId, outcome);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    const victimClient = await registerClient(d);
    const victim = await authorize(d, { clientId: victimClient, email: ALICE });
    const attackerClient = await registerClient(d);
    const confused = await tokenRequest(d, {
      grant_type: 'authorization_code',
      code: victim.returned?.searchParams.get('code') ?? '',
      redirect_uri: victim.redirectUri,
      client_id: attackerClient,
      code_verifier: victim.verifier,
    });
    expect(confused.status).toBe(400);
    expect(((await confused.json()) as { error: string }).error).toBe('invalid_grant');
  });

  test('a wrong code_verifier is invalid_grant', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, email: ALICE });
    const res = await tokenRequest(d, {
      grant_type: 'authorization_code',
      code: outcome.returned?.searchParams.get('code') ?? '',
      redirect_uri: outcome.redirectUri,
      client_id: clientId,
      code_verifier: pkce().verifier,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  test('a tampered access token is 401 invalid_token', async () => {
    const { tokens } = await loginAs(stack, ALICE);
    const tampered = `${tokens.access_token.slice(0, -2)}${tokens.access_token.endsWith('A') ? 'BB' : 'AA'}`;
    const res = await mcpRequest(stack, tampered, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    await res.body?.cancel();
  });

  test('a refresh with another resource is invalid_target', async () => {
    const { clientId, tokens } = await loginAs(stack, ALICE);
    const res = await tokenRequest(d, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: clientId,
      resource: 'https://elsewhere.example/mcp',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_target');
  });

  test('markup in the client name and redirect URI is escaped on the consent page', async () => {
    const res = await fetch(d.register, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: '<script>alert(1)</script><img src=x onerror=alert(2)>',
        redirect_uris: ['https://app.example/cb?x="><script>alert(3)</script>'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(res.status).toBe(201);
    const { client_id: clientId } = (await res.json()) as { client_id: string };
    const { challenge } = pkce();
    const page = await fetch(
      authorizeUrl({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://app.example/cb?x="><script>alert(3)</script>',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: '"><script>alert(4)</script>',
      }),
    );
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    expect(html).toContain('&#60;script&#62;alert(1)');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
