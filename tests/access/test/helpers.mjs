// A minimal browser for the tests: follows nothing on its own, keeps cookies by name.
import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';

export class Browser {
  /** @type {Map<string, string>} */
  cookies = new Map();

  /**
   * @param {string | URL} url
   * @param {RequestInit} [init]
   */
  async fetch(url, init = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * Follows redirects (GET) until a response is not a redirect or leaves `origin`.
   * @param {string} url
   * @param {string} origin stop when the Location leaves this origin
   */
  async follow(url, origin) {
    let current = url;
    for (let i = 0; i < 10; i += 1) {
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status > 399 || !location) return { res, url: current };
      const next = new URL(location, current).href;
      if (!next.startsWith(origin)) return { res, url: next, left: true };
      current = next;
    }
    throw new Error('too many redirects');
  }
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/**
 * Verifies an RS256 JWT against a JWKS and returns its payload.
 * @param {string} jwt
 * @param {{ keys: Array<Record<string, unknown>> }} jwks
 */
export function verifyRs256(jwt, jwks) {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk || header.alg !== 'RS256') throw new Error('no key');
  const key = createPublicKey({ key: /** @type {import('node:crypto').JsonWebKey} */ (jwk), format: 'jwk' });
  const ok = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
}

/** @param {string} jwt */
export function decodeJwt(jwt) {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
  };
}
