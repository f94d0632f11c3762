// The six secrets, read and checked once per request. Nothing here is ever logged.

import { isLoopbackHost } from '../redirect-policy';
import { err, type LoginError, ok, type Result } from '../result';

export type AccessConfig = {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  /** Derived from the token URL: Access serves discovery beside it, under the app's issuer path. */
  discoveryUrl: string;
  cookieKey: string;
};

type AccessSecrets = Pick<
  Env,
  | 'ACCESS_CLIENT_ID'
  | 'ACCESS_CLIENT_SECRET'
  | 'ACCESS_AUTHORIZATION_URL'
  | 'ACCESS_TOKEN_URL'
  | 'ACCESS_JWKS_URL'
  | 'COOKIE_ENCRYPTION_KEY'
>;

/** https, or http on loopback (the local stand-in). */
export function isAcceptableEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password || url.hash) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

export function readAccessConfig(env: AccessSecrets): Result<AccessConfig, LoginError> {
  const missing = (
    [
      'ACCESS_CLIENT_ID',
      'ACCESS_CLIENT_SECRET',
      'ACCESS_AUTHORIZATION_URL',
      'ACCESS_TOKEN_URL',
      'ACCESS_JWKS_URL',
      'COOKIE_ENCRYPTION_KEY',
    ] as const
  ).filter((name) => typeof env[name] !== 'string' || env[name].length === 0);
  if (missing.length > 0) return err({ code: 'misconfigured', detail: `missing secrets: ${missing.join(', ')}` });
  for (const name of ['ACCESS_AUTHORIZATION_URL', 'ACCESS_TOKEN_URL', 'ACCESS_JWKS_URL'] as const) {
    if (!isAcceptableEndpoint(env[name])) return err({ code: 'misconfigured', detail: `${name} must be an https URL` });
  }
  if (env.COOKIE_ENCRYPTION_KEY.length < 32) {
    return err({ code: 'misconfigured', detail: 'COOKIE_ENCRYPTION_KEY must be at least 32 characters' });
  }
  const tokenUrl = new URL(env.ACCESS_TOKEN_URL);
  if (!tokenUrl.pathname.endsWith('/token')) {
    return err({ code: 'misconfigured', detail: 'ACCESS_TOKEN_URL must end in /token' });
  }
  tokenUrl.pathname = `${tokenUrl.pathname.slice(0, -'/token'.length)}/.well-known/openid-configuration`;
  tokenUrl.search = '';
  return ok({
    clientId: env.ACCESS_CLIENT_ID,
    clientSecret: env.ACCESS_CLIENT_SECRET,
    authorizationUrl: env.ACCESS_AUTHORIZATION_URL,
    tokenUrl: env.ACCESS_TOKEN_URL,
    jwksUrl: env.ACCESS_JWKS_URL,
    discoveryUrl: tokenUrl.href,
    cookieKey: env.COOKIE_ENCRYPTION_KEY,
  });
}
