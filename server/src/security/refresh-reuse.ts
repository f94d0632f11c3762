// Refresh-token rotation with reuse detection (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
//
// workers-oauth-provider rotates refresh tokens but keeps the previous one valid until the new one is used, and a
// use of the previous one rotates again, invalidating the newer token the real client holds: a thief and the owner
// could both keep going. The library has no option for this, so this wrapper runs in front of its /token:
//   - a refresh token is good for one exchange; the exchange records its hash and time (KV, one record per grant);
//   - presenting it again within REUSE_GRACE_SECONDS is taken as a retry after a lost response and allowed once
//     (the library still accepts it as the "previous" token);
//   - any other refresh token for the grant (spent, superseded, or older) revokes the whole grant, with its access
//     tokens, and answers invalid_grant: whoever of a thief and the owner comes second ends it for both. Every
//     token of a grant starts with `<userId>:<grantId>:`, so this needs no list of old tokens that a thief could
//     flush by rotating many times.
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';

/** How long after its exchange a refresh token may be presented once more (a lost response). */
export const REUSE_GRACE_SECONDS = 30;

type GrantRecord = { clientId?: string; refreshTokenId?: string; previousRefreshTokenId?: string; expiresAt?: number };

/** The grant's last exchanged refresh token: its hash, when, and whether its one retry is used. */
type SpentRecord = { hash: string; spentAt: number; retried?: boolean };

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

async function record(env: Env, key: string, spent: SpentRecord, now: number, grant: GrantRecord): Promise<void> {
  const ttl = grant.expiresAt !== undefined ? Math.max(60, grant.expiresAt - now) : 30 * 24 * 3600;
  await env.OAUTH_KV.put(key, JSON.stringify(spent), { expirationTtl: ttl });
}

/**
 * Runs a refresh_token grant through `exchange` (the library's /token) with reuse detection. `refreshToken` is the
 * presented token (length already checked), `clientId` the client the request names (body or Basic auth); `helpers`
 * revokes a grant.
 */
export async function refreshWithReuseDetection(
  refreshToken: string,
  clientId: string | null,
  env: Env,
  helpers: () => OAuthHelpers,
  exchange: () => Promise<Response>,
): Promise<Response> {
  const parts = refreshToken.split(':');
  if (parts.length !== 3) return exchange();
  const [userId = '', grantId = ''] = parts;
  const grant = await env.OAUTH_KV.get<GrantRecord>(`grant:${userId}:${grantId}`, { type: 'json' });
  // Another client's request is the library's to refuse (invalid_grant, client mismatch): it cannot end this grant.
  if (!grant || grant.clientId !== clientId) return exchange();

  const hash = await tokenHash(refreshToken);
  const key = spentKey(userId, grantId);
  const last = await env.OAUTH_KV.get<SpentRecord>(key, { type: 'json' });
  const now = Math.floor(Date.now() / 1000);

  if (grant.refreshTokenId === hash) {
    const response = await exchange();
    if (response.ok) await record(env, key, { hash, spentAt: now }, now, grant);
    return response;
  }
  if (grant.previousRefreshTokenId === hash) {
    // Its one retry within the grace; or a previous token never recorded as exchanged (a grant rotated before this
    // check existed, or two refreshes racing), which gets this one exchange and no more.
    const recorded = last?.hash === hash;
    const retry = recorded ? !last.retried && now - last.spentAt <= REUSE_GRACE_SECONDS : true;
    if (retry) {
      const response = await exchange();
      if (response.ok) await record(env, key, { hash, spentAt: recorded ? last.spentAt : now, retried: true }, now, grant);
      return response;
    }
  }
  await helpers().revokeGrant(grantId, userId);
  await env.OAUTH_KV.delete(key);
  return reuseDetected();
}
