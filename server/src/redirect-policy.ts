// Which redirect URIs a client may register. workers-oauth-provider already refuses dangerous schemes and compares
// URIs exactly (loopback: any port, RFC 8252 §7.3); this narrows private-use schemes to the reverse-DNS form that
// RFC 8252 §7.1 requires, e.g. `dev.gatehouse.app:/oauth/callback`, and refuses remote http.

import type { ClientRegistrationCallbackOptions, ClientRegistrationCallbackResult } from '@cloudflare/workers-oauth-provider';

import { err, ok, type Result } from './result';

const DANGEROUS_SCHEMES = new Set([
  'javascript',
  'data',
  'file',
  'vbscript',
  'blob',
  'mailto',
  'about',
  'filesystem',
  'view-source',
  'ws',
  'wss',
  'ftp',
  'chrome',
  'intent',
]);

/** RFC 8252 §7.1: a private-use scheme is a reverse domain name with at least one dot, e.g. `com.example.app`. */
const REVERSE_DNS_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

export type RedirectKind = 'https' | 'loopback' | 'private-use';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m?.slice(1).every((octet) => Number(octet) <= 255) ?? false;
}

/** Classifies one redirect URI, or says why it is refused. */
export function classifyRedirectUri(uri: string): Result<RedirectKind, string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2048 || /[\u0000-\u0020\u007f]/.test(uri)) {
    return err('redirect URI is empty, too long, or contains spaces or control characters');
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return err('redirect URI is not an absolute URI');
  }
  if (uri.includes('#')) return err('redirect URI must not contain a fragment');
  if (url.username || url.password) return err('redirect URI must not contain user information');
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (DANGEROUS_SCHEMES.has(scheme)) return err(`the ${scheme}: scheme is not allowed`);
  if (scheme === 'https') return url.hostname ? ok('https') : err('https redirect URI needs a host');
  if (scheme === 'http') {
    return isLoopbackHost(url.hostname) ? ok('loopback') : err('http is allowed only on a loopback address');
  }
  if (!REVERSE_DNS_SCHEME.test(scheme)) {
    return err('a private-use scheme must be a reverse domain name, such as com.example.app');
  }
  return ok('private-use');
}

/** workers-oauth-provider's registration hook: every listed redirect URI must pass {@link classifyRedirectUri}. */
export function checkRegistration({ clientMetadata }: ClientRegistrationCallbackOptions): ClientRegistrationCallbackResult | undefined {
  const uris = clientMetadata.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) {
    return { code: 'invalid_redirect_uri', description: 'redirect_uris is required' };
  }
  for (const uri of uris) {
    const verdict = classifyRedirectUri(typeof uri === 'string' ? uri : '');
    if (!verdict.ok) return { code: 'invalid_redirect_uri', description: verdict.error };
  }
  return undefined;
}
