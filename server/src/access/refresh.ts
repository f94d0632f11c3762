// Keeps every MCP grant subject to the Access policy (workers-oauth-provider's tokenExchangeCallback).
//
// The grant's props (encrypted by the library under a key only the MCP refresh token unwraps) carry Access's own
// refresh token when the SaaS app issues one. Each MCP refresh first refreshes with Access: when Access refuses
// (the user left the policy, the session was revoked), the callback throws `invalid_grant` and the library revokes
// the whole grant. When the app issues no refresh token, the grant lives no longer than the policy's session
// duration. Access tokens and the MCP agent only ever see the user's claims, never the upstream token.

import {
  GrantType,
  OAuthError,
  type TokenExchangeCallbackOptions,
  type TokenExchangeCallbackResult,
} from '@cloudflare/workers-oauth-provider';

import { type AccessProps, isAccessProps } from '../props';
import { readAccessConfig } from './config';

/** What the grant stores: the user, and Access's refresh token when there is one. */
export type GrantProps = AccessProps & { accessRefreshToken?: string };

/**
 * How long a grant lives when Access issues no refresh token: the Access policy's session duration. The app
 * provisions the policy with 24 hours (src-tauri gatehouse-provision, `session_duration`).
 */
export const SESSION_WITHOUT_ACCESS_REFRESH_SECONDS = 24 * 3600;

type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

/** The user's claims alone: what access tokens (and so the MCP agent) carry. */
export function userOnly(props: GrantProps): AccessProps {
  return { sub: props.sub, email: props.email, name: props.name, groups: props.groups };
}

function refused(description: string): OAuthError {
  return new OAuthError('invalid_grant', { description });
}

function unavailable(): OAuthError {
  return new OAuthError('temporarily_unavailable', {
    description: 'Cloudflare Access could not be reached to renew this sign-in; try again shortly',
    statusCode: 503,
  });
}

/** Refreshes with Access; returns its new refresh token (or the same one when Access does not rotate). */
export async function refreshWithAccess(env: Env, refreshToken: string, fetcher: Fetcher = fetch): Promise<string> {
  const config = readAccessConfig(env);
  if (!config.ok) throw unavailable();
  let res: Response;
  try {
    res = await fetcher(config.value.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: config.value.clientId,
        client_secret: config.value.clientSecret,
      }),
    });
  } catch {
    throw unavailable();
  }
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status >= 500) throw unavailable();
  if (!res.ok) {
    // invalid_grant (policy, revoked or expired session) and anything else Access refuses: the grant is over.
    throw refused('Cloudflare Access no longer allows this sign-in; sign in again');
  }
  return typeof json?.refresh_token === 'string' && json.refresh_token.length > 0 ? json.refresh_token : refreshToken;
}

/** workers-oauth-provider's tokenExchangeCallback. */
export async function followAccessPolicy(
  options: TokenExchangeCallbackOptions<Env>,
  fetcher: Fetcher = fetch,
): Promise<TokenExchangeCallbackResult | undefined> {
  const props: unknown = options.props;
  if (!isAccessProps(props)) throw refused('This sign-in is no longer valid; sign in again');
  const grant = props as GrantProps;
  const upstream = typeof grant.accessRefreshToken === 'string' ? grant.accessRefreshToken : null;

  if (options.grantType === GrantType.AUTHORIZATION_CODE) {
    return {
      accessTokenProps: userOnly(grant),
      // Without Access's refresh token nothing can re-check the policy later: end with the Access session.
      ...(upstream ? {} : { refreshTokenTTL: SESSION_WITHOUT_ACCESS_REFRESH_SECONDS }),
    };
  }
  if (options.grantType === GrantType.REFRESH_TOKEN) {
    if (!upstream) return { accessTokenProps: userOnly(grant) };
    const rotated = await refreshWithAccess(options.env, upstream, fetcher);
    return {
      accessTokenProps: userOnly(grant),
      ...(rotated !== upstream ? { newProps: { ...grant, accessRefreshToken: rotated } satisfies GrantProps } : {}),
    };
  }
  return { accessTokenProps: userOnly(grant) };
}
