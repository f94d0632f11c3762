// Hole 2: removing a user from the Access policy removes them. Each MCP refresh refreshes with Access first; when
// Access refuses, the refresh is invalid_grant and the whole grant (with its access tokens) is revoked.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { Discovery } from '../support/oauth-client';
import {
  ALICE,
  BOB,
  grantsOf,
  loginAs,
  mcpRequest,
  openSession,
  refresh,
  type Stack,
  startSecurityStack,
  userIdOf,
  whoami,
} from './helpers';

describe('when the SaaS app issues refresh tokens', () => {
  let stack: Stack;
  let d: Discovery;
  /** Refresh tokens the Worker presented to Access's token endpoint (seen on their way out). */
  const upstreamRefreshTokens: string[] = [];

  beforeAll(async () => {
    ({ stack, d } = await startSecurityStack({
      outbound: async (request) => {
        if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/token')) {
          const sent = new URLSearchParams(await request.clone().text());
          if (sent.get('grant_type') === 'refresh_token') upstreamRefreshTokens.push(sent.get('refresh_token') ?? '');
        }
        return undefined;
      },
    }));
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('access tokens live 10 minutes, so a removed user is out within 15', async () => {
    const alice = await loginAs(stack, ALICE);
    expect(alice.tokens.expires_in).toBe(600);
    const refreshed = await refresh(d, alice, alice.tokens.refresh_token ?? '');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.expires_in).toBe(600);
  });

  test('a user removed from the policy cannot refresh: invalid_grant, the grant and its tokens are gone', async () => {
    const bob = await loginAs(stack, BOB);
    const alice = await loginAs(stack, ALICE);
    const session = await openSession(stack, bob.tokens.access_token);
    // Still in the policy: the refresh goes through Access and works.
    const first = await refresh(d, bob, bob.tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    const bobAccess = String(first.body.access_token);
    expect(await whoami(stack, bobAccess, session)).toEqual({ status: 200, email: BOB });

    stack.access.setPolicy(stack.accessClientId, (email) => email === ALICE);

    const refused = await refresh(d, bob, String(first.body.refresh_token));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_grant');
    expect(refused.body.access_token).toBeUndefined();
    expect(await grantsOf(stack, userIdOf(bob.tokens.access_token))).toEqual([]);
    // The access token the last refresh handed out dies with the grant.
    const res = await mcpRequest(stack, bobAccess, { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'mcp-session-id': session });
    expect(res.status).toBe(401);
    await res.body?.cancel();
    // Alice, still allowed, refreshes through the same Access app (so the refusal above was the policy's).
    const aliceRefresh = await refresh(d, alice, alice.tokens.refresh_token ?? '');
    expect(aliceRefresh.status).toBe(200);
    stack.access.setPolicy(stack.accessClientId, (email) => email === ALICE || email === BOB);
  });

  test("Access's refresh token is never stored in plain KV: grants hold it only inside the encrypted props", async () => {
    const alice = await loginAs(stack, ALICE);
    // What KV holds after the login, while the grant carries Access's refresh token.
    const kv = await stack.kv();
    const stored: string[] = [];
    for (const { name } of (await kv.list()).keys) stored.push(name, (await kv.get(name)) ?? '');
    expect(stored.length).toBeGreaterThan(0);
    const before = upstreamRefreshTokens.length;
    expect((await refresh(d, alice, alice.tokens.refresh_token ?? '')).status).toBe(200);
    // The MCP refresh went to Access with the refresh token the Worker kept from the login.
    const presented = upstreamRefreshTokens.slice(before);
    expect(presented).toHaveLength(1);
    const upstream = presented[0] ?? '';
    expect(upstream.length).toBeGreaterThan(20);
    for (const text of stored) {
      expect(text).not.toContain(upstream);
      expect(text).not.toContain('accessRefreshToken');
    }
  });
});

describe('when the SaaS app issues no refresh tokens', () => {
  let stack: Stack;
  let d: Discovery;

  beforeAll(async () => {
    ({ stack, d } = await startSecurityStack({ accessRefreshTokens: false }));
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  test('the MCP grant lives no longer than the policy session (24 h), and refreshes within it', async () => {
    const alice = await loginAs(stack, ALICE);
    const kv = await stack.kv();
    const [grantKey] = await grantsOf(stack, userIdOf(alice.tokens.access_token));
    const grant = JSON.parse((await kv.get(grantKey ?? '')) ?? '{}') as { expiresAt?: number };
    const now = Math.floor(Date.now() / 1000);
    expect(grant.expiresAt).toBeGreaterThan(now + 24 * 3600 - 120);
    expect(grant.expiresAt).toBeLessThanOrEqual(now + 24 * 3600 + 5);
    const refreshed = await refresh(d, alice, alice.tokens.refresh_token ?? '');
    expect(refreshed.status).toBe(200);
  });
});
