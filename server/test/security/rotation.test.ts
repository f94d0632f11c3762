// Hole 3: a refresh token is good for one exchange (plus a 30-second grace for a lost response); presenting it
// again after that revokes the whole grant, so a thief and the owner cannot both keep going.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { Discovery } from '../support/oauth-client';
import { ALICE, grantsOf, loginAs, mcpRequest, refresh, type Session, type Stack, startSecurityStack, userIdOf } from './helpers';

let stack: Stack;
let d: Discovery;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Moves the grant's spent-token record `seconds` into the past (past the grace window). */
async function ageSpentTokens(session: Session, seconds: number): Promise<void> {
  const kv = await stack.kv();
  const [userId, grantId] = session.tokens.access_token.split(':');
  const key = `refresh-spent:${userId}:${grantId}`;
  const record = JSON.parse((await kv.get(key)) ?? '{}') as { hash?: string; spentAt?: number };
  expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  await kv.put(key, JSON.stringify({ ...record, spentAt: (record.spentAt ?? 0) - seconds }), { expirationTtl: 3600 });
}

async function mcpStatus(accessToken: string): Promise<number> {
  const res = await mcpRequest(stack, accessToken, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
  });
  await res.body?.cancel();
  return res.status;
}

describe('refresh-token rotation with reuse detection', () => {
  test('a refresh rotates the token; the new one works and the old one is spent', async () => {
    const alice = await loginAs(stack, ALICE);
    const first = await refresh(d, alice, alice.tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(alice.tokens.refresh_token);
    const second = await refresh(d, alice, String(first.body.refresh_token));
    expect(second.status).toBe(200);
  });

  test('the old token replayed after the grace window: invalid_grant, and the whole grant is revoked', async () => {
    const alice = await loginAs(stack, ALICE);
    const stolen = alice.tokens.refresh_token ?? '';
    const owner = await refresh(d, alice, stolen);
    expect(owner.status).toBe(200);
    await ageSpentTokens(alice, 31);

    const thief = await refresh(d, alice, stolen);
    expect(thief.status).toBe(400);
    expect(thief.body.error).toBe('invalid_grant');
    expect(thief.body.access_token).toBeUndefined();
    expect(await grantsOf(stack, userIdOf(alice.tokens.access_token))).not.toContain(
      `grant:${alice.tokens.access_token.split(':').slice(0, 2).join(':')}`,
    );
    // The owner's newer refresh token and its access token died with the grant.
    const ownerAgain = await refresh(d, alice, String(owner.body.refresh_token));
    expect(ownerAgain.status).toBe(400);
    expect(ownerAgain.body.error).toBe('invalid_grant');
    expect(await mcpStatus(String(owner.body.access_token))).toBe(401);
  });

  test('a token older than the previous one revokes the grant at once (no grace)', async () => {
    const alice = await loginAs(stack, ALICE);
    const r0 = alice.tokens.refresh_token ?? '';
    const r1 = await refresh(d, alice, r0);
    const r2 = await refresh(d, alice, String(r1.body.refresh_token));
    expect(r2.status).toBe(200);
    const replay = await refresh(d, alice, r0);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await refresh(d, alice, String(r2.body.refresh_token))).status).toBe(400);
    expect(await mcpStatus(String(r2.body.access_token))).toBe(401);
  });

  test('within the 30-second grace the same token may be presented once more (a lost response), then never again', async () => {
    const alice = await loginAs(stack, ALICE);
    const r0 = alice.tokens.refresh_token ?? '';
    const lost = await refresh(d, alice, r0);
    expect(lost.status).toBe(200);
    const retry = await refresh(d, alice, r0);
    expect(retry.status).toBe(200);
    // The retry's tokens are the live ones.
    expect(await mcpStatus(String(retry.body.access_token))).toBe(200);
    const next = await refresh(d, alice, String(retry.body.refresh_token));
    expect(next.status).toBe(200);
    const again = await refresh(d, alice, r0);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(await mcpStatus(String(next.body.access_token))).toBe(401);
  });

  test('a second retry within the grace revokes the grant', async () => {
    const alice = await loginAs(stack, ALICE);
    const r0 = alice.tokens.refresh_token ?? '';
    expect((await refresh(d, alice, r0)).status).toBe(200);
    const retry = await refresh(d, alice, r0);
    expect(retry.status).toBe(200);
    const third = await refresh(d, alice, r0);
    expect(third.status).toBe(400);
    expect(third.body.error).toBe('invalid_grant');
    expect(third.body.access_token).toBeUndefined();
    expect((await refresh(d, alice, String(retry.body.refresh_token))).status).toBe(400);
    expect(await mcpStatus(String(retry.body.access_token))).toBe(401);
  });

  test('a thief who uses the token inside the grace is out as soon as the owner refreshes again', async () => {
    const alice = await loginAs(stack, ALICE);
    const stolen = alice.tokens.refresh_token ?? '';
    const owner = await refresh(d, alice, stolen);
    expect(owner.status).toBe(200);
    // The thief presents the same token seconds later: it passes as a retry and supersedes the owner's new token.
    const thief = await refresh(d, alice, stolen);
    expect(thief.status).toBe(200);
    // The owner's next refresh presents the superseded token: the grant ends for both.
    const ownerNext = await refresh(d, alice, String(owner.body.refresh_token));
    expect(ownerNext.status).toBe(400);
    expect(ownerNext.body.error).toBe('invalid_grant');
    expect(ownerNext.body.access_token).toBeUndefined();
    expect(await grantsOf(stack, userIdOf(alice.tokens.access_token))).not.toContain(
      `grant:${alice.tokens.access_token.split(':').slice(0, 2).join(':')}`,
    );
    expect((await refresh(d, alice, String(thief.body.refresh_token))).status).toBe(400);
    expect(await mcpStatus(String(thief.body.access_token))).toBe(401);
  });

  test('a spent token presented by another client is refused and ends nothing', async () => {
    const alice = await loginAs(stack, ALICE);
    const other = await loginAs(stack, ALICE);
    const r0 = alice.tokens.refresh_token ?? '';
    const r1 = await refresh(d, alice, r0);
    expect(r1.status).toBe(200);
    await ageSpentTokens(alice, 31);
    const foreign = await refresh(d, other, r0);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toBe('invalid_grant');
    expect(foreign.body.access_token).toBeUndefined();
    // Alice's grant is intact.
    expect((await refresh(d, alice, String(r1.body.refresh_token))).status).toBe(200);
  });

  test("the old token replayed four times (the attack as reported) never rotates the owner's token away", async () => {
    const alice = await loginAs(stack, ALICE);
    const old = alice.tokens.refresh_token ?? '';
    const owner = await refresh(d, alice, old);
    await ageSpentTokens(alice, 31);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await refresh(d, alice, old)).status);
    expect(statuses).toEqual([400, 400, 400, 400]);
    expect((await refresh(d, alice, String(owner.body.refresh_token))).status).toBe(400);
  });
});
