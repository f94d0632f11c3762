// The Worker as an OIDC client of Access: the authorization URL (PKCE S256, nonce, state from the library's
// browser-bound upstream transaction) and the code exchange authenticated with the client secret.

import { err, type LoginError, ok, type Result } from '../result';
import type { AccessConfig } from './config';

type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

export const ACCESS_SCOPES = 'openid email profile groups';

export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function authorizationUrl(
  config: AccessConfig,
  args: { redirectUri: string; state: string; nonce: string; codeChallenge: string },
): string {
  const url = new URL(config.authorizationUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', args.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', ACCESS_SCOPES);
  url.searchParams.set('state', args.state);
  url.searchParams.set('nonce', args.nonce);
  url.searchParams.set('code_challenge', args.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.href;
}

/** What the code exchange returns: the id_token, and Access's refresh token when the SaaS app issues them. */
export type ExchangedCode = { idToken: string; refreshToken: string | null };

/** Exchanges Access's code; returns the raw id_token for {@link verifyIdToken} and the refresh token, if any. */
export async function exchangeCode(
  config: AccessConfig,
  args: { code: string; redirectUri: string; codeVerifier: string },
  fetcher: Fetcher = fetch,
): Promise<Result<ExchangedCode, LoginError>> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: args.code,
    redirect_uri: args.redirectUri,
    code_verifier: args.codeVerifier,
    client_id: config.clientId,
    client_secret: config.clientSecret,
  });
  let res: Response;
  try {
    res = await fetcher(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
  } catch {
    return err({ code: 'access_unavailable', detail: 'the token endpoint could not be reached' });
  }
  let json: unknown = null;
  try {
    json = await res.json();
  } catch {
    // handled below
  }
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (!res.ok) {
    const oauthError = typeof record.error === 'string' ? record.error.slice(0, 64) : undefined;
    return err({ code: 'token_exchange_failed', status: res.status, ...(oauthError ? { oauthError } : {}) });
  }
  if (typeof record.id_token !== 'string') return err({ code: 'token_exchange_failed', status: res.status, oauthError: 'no_id_token' });
  const refreshToken = typeof record.refresh_token === 'string' && record.refresh_token.length > 0 ? record.refresh_token : null;
  return ok({ idToken: record.id_token, refreshToken });
}
