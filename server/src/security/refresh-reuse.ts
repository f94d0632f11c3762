// Refresh-token rotation with reuse detection (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
//
// workers-oauth-provider rotates refresh tokens but keeps the previous one valid until the new one is used, and a
// use of the previous one rotates again, invalidating the newer token the real client holds: a thief and the owner
// could both keep going. The library has no option for this, so this wrapper runs in front of its /token:
//   - a refresh token is good for one exchange; the exchange records its hash as spent (KV, per grant);
//   - presenting it again within REUSE_GRACE_SECONDS is taken as a retry after a lost response and allowed once
//     more (the library still accepts it as the "previous" token);
//   - presenting a spent token after that, or a token older than the previous one, revokes the whole grant
//     (with its access tokens) and answers invalid_grant.
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

/** How long after its first exchange a refresh token may be presented again (a lost response). */
export const REUSE_GRACE_SECONDS = 30;

/** Spent hashes kept per grant: enough for weeks of refreshes; older ones are refused by the library anyway. */
const MAX_SPENT = 64;

type GrantRecord = { refreshTokenId?: string; previousRefreshTokenId?: string; expiresAt?: number };
type SpentRecord = { spent: Record<string, number> };

export const spentKey = (userId: string, grantId: string) => `refresh-spent:${userId}:${grantId}`;

export async function tokenHash(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function reuseDetected(): Response {
  return new Response(
    JSON.stringify({ error: 'invalid_grant', error_description: 'This refresh token was already used; the sign-in has been revoked' }),
    { status: 400, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' } },
  );
}

async function recordSpent(env: Env, key: string, record: SpentRecord, hash: string, now: number, grant: GrantRecord): Promise<void> {
  record.spent[hash] = now;
  const entries = Object.entries(record.spent)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SPENT);
  const ttl = grant.expiresAt !== undefined ? Math.max(60, grant.expiresAt - now) : 30 * 24 * 3600;
  await env.OAUTH_KV.put(key, JSON.stringify({ spent: Object.fromEntries(entries) }), { expirationTtl: ttl });
}

/**
 * Runs a refresh_token grant through `exchange` (the library's /token) with reuse detection. `refreshToken` is the
 * presented token (length already checked); `helpers` revokes a grant.
 */
export async function refreshWithReuseDetection(
  refreshToken: string,
  env: Env,
  helpers: () => OAuthHelpers,
  exchange: () => Promise<Response>,
): Promise<Response> {
  const parts = refreshToken.split(':');
  if (parts.length !== 3) return exchange();
  const [userId = '', grantId = ''] = parts;
  const grant = await env.OAUTH_KV.get<GrantRecord>(`grant:${userId}:${grantId}`, { type: 'json' });
  if (!grant) return exchange();

  const hash = await tokenHash(refreshToken);
  const key = spentKey(userId, grantId);
  const record = (await env.OAUTH_KV.get<SpentRecord>(key, { type: 'json' })) ?? { spent: {} };
  const spentAt = record.spent[hash];
  const now = Math.floor(Date.now() / 1000);

  const isCurrent = grant.refreshTokenId === hash;
  // The previous token with no spent record: a grant rotated before this check existed, or two refreshes racing.
  const isRetry = grant.previousRefreshTokenId === hash && (spentAt === undefined || now - spentAt <= REUSE_GRACE_SECONDS);
  if (isCurrent || isRetry) {
    const response = await exchange();
    if (response.ok && spentAt === undefined) await recordSpent(env, key, record, hash, now, grant);
    return response;
  }
  if (spentAt !== undefined || grant.previousRefreshTokenId === hash) {
    await helpers().revokeGrant(grantId, userId);
    await env.OAUTH_KV.delete(key);
    return reuseDetected();
  }
  return exchange();
}
