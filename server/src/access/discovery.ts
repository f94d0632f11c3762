// Access's OIDC discovery document, for its `issuer`: the value id_tokens must carry in `iss`. The docs give the
// issuer as the app's URL, third-party notes disagree, so it is read at runtime rather than assumed.

import { err, ok, type Result } from '../result';
import { isAcceptableEndpoint } from './config';

type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

const TTL_MS = 60 * 60 * 1000;
const cache = new Map<string, { issuer: string; expires: number }>();

export async function discoverIssuer(discoveryUrl: string, fetcher: Fetcher = fetch, now = Date.now()): Promise<Result<string, string>> {
  const hit = cache.get(discoveryUrl);
  if (hit && hit.expires > now) return ok(hit.issuer);
  let body: unknown;
  try {
    const res = await fetcher(discoveryUrl, { headers: { accept: 'application/json' } });
    if (!res.ok) return err(`discovery answered ${res.status}`);
    body = await res.json();
  } catch {
    return err('discovery could not be fetched');
  }
  const issuer = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).issuer : undefined;
  if (typeof issuer !== 'string' || !isAcceptableEndpoint(issuer)) return err('discovery has no usable issuer');
  // The issuer must belong to the host we asked: a document cannot name someone else as the issuer.
  if (new URL(issuer).origin !== new URL(discoveryUrl).origin) return err('discovery names an issuer on another host');
  cache.set(discoveryUrl, { issuer, expires: now + TTL_MS });
  return ok(issuer);
}

/** For tests. */
export function clearDiscoveryCache(): void {
  cache.clear();
}
