// Hole 4: scopes are checked. Unknown scopes are refused with invalid_scope; no scope means the default `mcp`;
// /mcp answers 403 insufficient_scope to a token without `mcp`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { authorize, type Discovery, registerClient } from '../support/oauth-client';
import { ALICE, loginAs, mcpRequest, openSession, refresh, type Stack, startSecurityStack, whoami } from './helpers';

let stack: Stack;
let d: Discovery;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const PING = { jsonrpc: '2.0', id: 1, method: 'ping' };

describe('what is advertised', () => {
  test('the 401 challenge and the protected-resource metadata ask for `mcp`; the AS lists mcp and offline_access', async () => {
    const res = await mcpRequest(stack, null, PING);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('scope="mcp"');
    const prm = (await (await fetch(`${stack.origin}/.well-known/oauth-protected-resource/mcp`)).json()) as { scopes_supported: string[] };
    expect(prm.scopes_supported).toEqual(['mcp']);
    const as = (await (await fetch(`${stack.origin}/.well-known/oauth-authorization-server`)).json()) as { scopes_supported: string[] };
    expect(as.scopes_supported).toEqual(['mcp', 'offline_access']);
  });
});

describe('what is granted', () => {
  test('`mcp admin` is refused with invalid_scope before the consent page, and nothing is granted', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, email: ALICE, scope: 'mcp admin' });
    expect(outcome.consentPage).toBe('');
    expect(outcome.returned?.searchParams.get('error')).toBe('invalid_scope');
    expect(outcome.returned?.searchParams.get('code')).toBeNull();
    expect(outcome.returned?.searchParams.get('state')).toBe(outcome.state);
  });

  test('a request with no scope is granted the default `mcp` and works at /mcp', async () => {
    const session = await loginAs(stack, ALICE, null);
    expect(session.tokens.scope).toBe('mcp');
    const sessionId = await openSession(stack, session.tokens.access_token);
    expect(await whoami(stack, session.tokens.access_token, sessionId)).toEqual({ status: 200, email: ALICE });
  });

  test('`mcp offline_access` is granted as asked', async () => {
    const session = await loginAs(stack, ALICE);
    expect(session.tokens.scope).toBe('mcp offline_access');
  });

  test('a token without `mcp` gets 403 insufficient_scope naming mcp and the metadata, and runs nothing', async () => {
    const session = await loginAs(stack, ALICE, 'offline_access');
    expect(session.tokens.scope).toBe('offline_access');
    const res = await mcpRequest(stack, session.tokens.access_token, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('mcp-session-id')).toBeNull();
    const www = res.headers.get('www-authenticate') ?? '';
    expect(www).toMatch(/^Bearer /);
    expect(www).toContain('error="insufficient_scope"');
    expect(www).toContain('scope="mcp"');
    expect(www).toContain(`resource_metadata="${stack.origin}/.well-known/oauth-protected-resource/mcp"`);
    expect(((await res.json()) as { error: string }).error).toBe('insufficient_scope');
  });

  test('a refresh narrowed to a scope without `mcp` yields a token /mcp refuses; one asking for `admin` is invalid_scope', async () => {
    const session = await loginAs(stack, ALICE);
    const narrowed = await fetch(d.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: session.tokens.refresh_token ?? '',
        client_id: session.clientId,
        scope: 'offline_access',
      }),
    });
    expect(narrowed.status).toBe(200);
    const body = (await narrowed.json()) as { access_token: string; refresh_token: string; scope: string };
    expect(body.scope).toBe('offline_access');
    const res = await mcpRequest(stack, body.access_token, PING);
    expect(res.status).toBe(403);
    await res.body?.cancel();
    const widened = await fetch(d.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: body.refresh_token,
        client_id: session.clientId,
        scope: 'admin',
      }),
    });
    expect(widened.status).toBe(400);
    expect(((await widened.json()) as { error: string }).error).toBe('invalid_scope');
    // Still usable for what it was granted.
    expect((await refresh(d, session, body.refresh_token)).status).toBe(200);
  });

  test('the code exchange cannot widen the grant', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, email: ALICE, scope: 'offline_access' });
    const code = outcome.returned?.searchParams.get('code') ?? '';
    const res = await fetch(d.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: outcome.redirectUri,
        client_id: clientId,
        code_verifier: outcome.verifier,
        scope: 'mcp',
      }),
    });
    const body = (await res.json()) as { scope?: string; error?: string };
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_scope');
    expect(body.scope).toBeUndefined();
  });
});
