// Verification of the id_token Access returns from the code exchange (OIDC Core §3.1.3.7): RS256 only, signature
// against Access's JWKS, then the presence of the claims Access documents (sub, email, iss, aud, exp, iat, nonce),
// then iss, aud (and azp), exp/nbf/iat with a small skew, nonce. name and groups are optional (profile and groups).
// Cloudflare's demo checks only the signature and exp; a token failing any check here grants nothing.

import type { AccessProps } from '../props';
import { err, type IdTokenRejection, ok, REQUIRED_CLAIMS, type Result } from '../result';
import type { KeyLookupError } from './jwks';

export type KeySource = { key(kid: string | undefined): Promise<Result<CryptoKey, KeyLookupError>> };

export type IdTokenExpectations = {
  issuer: string;
  /** Our client id at Access. */
  audience: string;
  nonce: string;
  /** Seconds since the epoch. */
  now?: number;
  skewSeconds?: number;
};

export type IdTokenFailure = IdTokenRejection | 'jwks_unavailable';

const RS256 = { name: 'RSASSA-PKCS1-v1_5' } as const;

function decodeSegment(segment: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  const b64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function decodeJson(segment: string): Record<string, unknown> | null {
  const bytes = decodeSegment(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export async function verifyIdToken(
  token: string,
  keys: KeySource,
  expect: IdTokenExpectations,
): Promise<Result<AccessProps, IdTokenFailure>> {
  const parts = token.split('.');
  if (parts.length !== 3) return err('malformed');
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h);
  const claims = decodeJson(p);
  const signature = decodeSegment(s);
  if (!header || !claims || !signature) return err('malformed');

  // Only RS256: this refuses `none`, HMAC confusion and anything else a forger might pick.
  if (header.alg !== 'RS256') return err('alg_not_allowed');
  if (header.crit !== undefined) return err('malformed');
  if (header.kid !== undefined && typeof header.kid !== 'string') return err('malformed');

  const key = await keys.key(header.kid as string | undefined);
  if (!key.ok) return err(key.error);
  const signed = new TextEncoder().encode(`${h}.${p}`);
  const valid = await crypto.subtle.verify(RS256, key.value, signature, signed);
  if (!valid) return err('bad_signature');

  // Only the claims Access documents are required; the first one absent is named, so the page can say which.
  const absent = REQUIRED_CLAIMS.find((claim) => claims[claim] === undefined || claims[claim] === null || claims[claim] === '');
  if (absent) return err(`missing_${absent}` as const);

  if (claims.iss !== expect.issuer) return err('wrong_issuer');
  const aud = claims.aud;
  if (typeof aud === 'string') {
    if (aud !== expect.audience) return err('wrong_audience');
  } else if (Array.isArray(aud)) {
    if (!aud.includes(expect.audience)) return err('wrong_audience');
    if (aud.length > 1 && claims.azp !== expect.audience) return err('wrong_audience');
  } else {
    return err('wrong_audience');
  }

  const now = expect.now ?? Math.floor(Date.now() / 1000);
  const skew = expect.skewSeconds ?? 60;
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return err('malformed');
  if (now - skew >= claims.exp) return err('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now + skew < claims.nbf)) return err('not_yet_valid');
  if (claims.iat > now + skew) return err('issued_in_future');

  if (typeof claims.nonce !== 'string' || !constantTimeEqual(claims.nonce, expect.nonce)) return err('nonce_mismatch');
  if (typeof claims.sub !== 'string') return err('malformed');
  if (typeof claims.email !== 'string' || !claims.email.includes('@')) return err('malformed');

  const groups = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === 'string') : [];
  return ok({
    sub: claims.sub,
    email: claims.email,
    name: typeof claims.name === 'string' ? claims.name : null,
    groups,
  });
}
