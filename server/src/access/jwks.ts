// Access's signing keys, cached per isolate. A kid the cache does not know triggers one refetch (keys rotate),
// unless the keys were fetched moments ago; a kid still unknown after that is refused.

import { err, ok, type Result } from '../result';

type Fetcher = (input: string, init?: RequestInit) => Promise<Response>;

export type KeyLookupError = 'unknown_kid' | 'jwks_unavailable';

export type JwksOptions = {
  fetcher?: Fetcher;
  now?: () => number;
  /** How long fetched keys are trusted without a refetch. */
  ttlMs?: number;
  /** No refetch for an unknown kid if the last fetch is younger than this. */
  minRefetchMs?: number;
};

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export class JwksCache {
  readonly #url: string;
  readonly #fetcher: Fetcher;
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #minRefetchMs: number;
  #keys = new Map<string, CryptoKey>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<boolean> | null = null;
  /** Number of JWKS fetches made, for tests and the benchmark. */
  fetches = 0;

  constructor(url: string, options: JwksOptions = {}) {
    this.#url = url;
    this.#fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
    this.#now = options.now ?? Date.now;
    this.#ttlMs = options.ttlMs ?? 10 * 60 * 1000;
    this.#minRefetchMs = options.minRefetchMs ?? 5_000;
  }

  /** The RS256 verification key for `kid` (or the only key, when the token names none). */
  async key(kid: string | undefined): Promise<Result<CryptoKey, KeyLookupError>> {
    if (this.#now() - this.#fetchedAt > this.#ttlMs) {
      if (!(await this.#refresh()) && this.#keys.size === 0) return err('jwks_unavailable');
    }
    const cached = this.#pick(kid);
    if (cached) return ok(cached);
    if (this.#now() - this.#fetchedAt >= this.#minRefetchMs) {
      if (!(await this.#refresh())) return err('jwks_unavailable');
      const refreshed = this.#pick(kid);
      if (refreshed) return ok(refreshed);
    }
    return err('unknown_kid');
  }

  #pick(kid: string | undefined): CryptoKey | undefined {
    if (kid !== undefined) return this.#keys.get(kid);
    if (this.#keys.size === 1) return this.#keys.values().next().value;
    return undefined;
  }

  #refresh(): Promise<boolean> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #load(): Promise<boolean> {
    this.fetches += 1;
    let body: unknown;
    try {
      const res = await this.#fetcher(this.#url, { headers: { accept: 'application/json' } });
      if (!res.ok) return false;
      body = await res.json();
    } catch {
      return false;
    }
    const list = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).keys : undefined;
    if (!Array.isArray(list)) return false;
    const keys = new Map<string, CryptoKey>();
    for (const entry of list) {
      if (typeof entry !== 'object' || entry === null) continue;
      const jwk = entry as JsonWebKey & { kid?: unknown; use?: unknown };
      if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
      try {
        const { kty, n, e } = jwk;
        if (typeof n !== 'string' || typeof e !== 'string') continue;
        keys.set(jwk.kid, await crypto.subtle.importKey('jwk', { kty, n, e, alg: 'RS256', ext: true }, RS256, false, ['verify']));
      } catch {
        // A key we cannot import is a key we cannot trust: skip it.
      }
    }
    this.#keys = keys;
    this.#fetchedAt = this.#now();
    return true;
  }
}

const caches = new Map<string, JwksCache>();

/** The isolate-wide cache for one JWKS URL. */
export function jwksFor(url: string): JwksCache {
  let cache = caches.get(url);
  if (!cache) {
    cache = new JwksCache(url);
    caches.set(url, cache);
  }
  return cache;
}
