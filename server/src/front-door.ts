// Everything a request passes before workers-oauth-provider sees it, so that no input reaches storage unchecked
// and none produces a 5xx:
//   - the origin must be one the Worker serves: https (Cloudflare routes only our hostnames here), or http on a
//     loopback address (Miniflare); anything else is 421;
//   - URL, client_id, token, code and parameter lengths are bounded before any KV access (the library turns
//     them into KV keys, and KV answers an over-long key with a 500);
//   - bodies of /token, /register and POST /authorize are read with a byte limit, chunked or not;
//   - /token runs refresh grants through reuse detection; /register is rate limited per address and a new
//     registration expires unless it completes a login.
import { getOAuthApi, type OAuthProvider } from '@cloudflare/workers-oauth-provider';

import { MCP_PATH, providerFor, providerOptions } from './oauth-options';
import { errorPage, HTML_HEADERS } from './pages';
import { isLoopbackHost } from './redirect-policy';
import {
  BODY_LIMITS,
  BodyTooLarge,
  MAX_CIMD_CLIENT_ID_BYTES,
  MAX_CLIENT_ID_BYTES,
  MAX_PARAMETER_CHARS,
  MAX_TOKEN_BYTES,
  MAX_URL_CHARS,
  readBody,
  utf8Length,
  withBody,
} from './security/limits';
import { refreshWithReuseDetection } from './security/refresh-reuse';
import { expireUnlessUsed, registrationAllowed } from './security/registration';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json', ...NO_STORE, ...headers },
  });
}

function htmlError(status: number, detail: string): Response {
  return new Response(errorPage({ code: 'invalid_request', detail }), { status, headers: HTML_HEADERS });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...NO_STORE } });
}

/** Whether the request's origin is one this Worker serves (see the file comment). */
export function isServedOrigin(url: URL): boolean {
  if (url.protocol === 'https:') return url.hostname.length > 0;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Whether workers-oauth-provider resolves this client id by fetching its metadata document (an https URL with a
 * path) rather than looking it up in KV; the same test as the library's own.
 */
function isMetadataDocumentUrl(clientId: string): boolean {
  if (!/^https:\/\/[^/?#]*\//i.test(clientId)) return false;
  try {
    return new URL(clientId).protocol === 'https:';
  } catch {
    return false;
  }
}

function clientIdTooLong(clientId: string | null): boolean {
  if (clientId === null) return false;
  const max = isMetadataDocumentUrl(clientId) ? MAX_CIMD_CLIENT_ID_BYTES : MAX_CLIENT_ID_BYTES;
  return utf8Length(clientId) > max;
}

/**
 * The client id `Authorization: Basic` (client_secret_basic) names: null without Basic auth or when it cannot be
 * decoded (left to the library), `undefined` when the header is too long to be one.
 */
function basicClientId(request: Request): string | null | undefined {
  const header = request.headers.get('authorization');
  if (!header || !/^basic\s/i.test(header)) return null;
  if (header.length > 2 * (MAX_CIMD_CLIENT_ID_BYTES + MAX_TOKEN_BYTES)) return undefined;
  try {
    return decodeURIComponent(atob(header.replace(/^basic\s+/i, '')).split(':')[0] ?? '');
  } catch {
    return null;
  }
}

const TOKEN_PARAMETERS = ['code', 'refresh_token', 'token', 'subject_token', 'assertion'];

async function tokenEndpoint(request: Request, env: Env, ctx: ExecutionContext, provider: OAuthProvider<Env>): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readBody(request, BODY_LIMITS.token);
  } catch (error) {
    if (error instanceof BodyTooLarge) return oauthError(413, 'invalid_request', `The request body is over ${error.limit} bytes`);
    throw error;
  }
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const basic = basicClientId(request);
  if (clientIdTooLong(form.get('client_id')) || basic === undefined || clientIdTooLong(basic)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  }
  for (const name of TOKEN_PARAMETERS) {
    if (utf8Length(form.get(name) ?? '') > MAX_TOKEN_BYTES) {
      return name === 'token'
        ? oauthError(400, 'invalid_request', 'The token is malformed')
        : oauthError(400, 'invalid_grant', 'The grant is invalid');
    }
  }
  for (const [name, value] of form) {
    if (value.length > MAX_PARAMETER_CHARS) return oauthError(400, 'invalid_request', `The ${name.slice(0, 40)} parameter is too long`);
  }
  const forwarded = withBody(request, body);
  const exchange = () => provider.fetch(forwarded, env, ctx);
  const refreshToken = form.get('refresh_token');
  if (form.get('grant_type') === 'refresh_token' && refreshToken) {
    const origin = new URL(request.url).origin;
    const clientId = basic ?? form.get('client_id');
    return refreshWithReuseDetection(refreshToken, clientId, env, () => getOAuthApi(providerOptions(origin), env), exchange);
  }
  return exchange();
}

async function registrationEndpoint(request: Request, env: Env, ctx: ExecutionContext, provider: OAuthProvider<Env>): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readBody(request, BODY_LIMITS.register);
  } catch (error) {
    if (error instanceof BodyTooLarge) return oauthError(413, 'invalid_client_metadata', `The registration is over ${error.limit} bytes`);
    throw error;
  }
  if (!(await registrationAllowed(request, env))) {
    return oauthError(429, 'invalid_request', 'Too many registrations from this address; try again later', { 'retry-after': '3600' });
  }
  const response = await provider.fetch(withBody(request, body), env, ctx);
  if (response.status === 201) {
    const registered = (await response
      .clone()
      .json()
      .catch(() => null)) as { client_id?: unknown } | null;
    if (typeof registered?.client_id === 'string') await expireUnlessUsed(env, registered.client_id);
  }
  return response;
}

export async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.url.length > MAX_URL_CHARS) return plain(414, 'The request URL is too long.');
  const url = new URL(request.url);
  if (!isServedOrigin(url)) return plain(421, 'This server does not answer for that host.');
  const provider = providerFor(request);

  if (url.pathname === '/token' && request.method === 'POST') return tokenEndpoint(request, env, ctx, provider);
  if (url.pathname === '/register' && request.method === 'POST') return registrationEndpoint(request, env, ctx, provider);

  if (url.pathname === '/authorize') {
    if (clientIdTooLong(url.searchParams.get('client_id'))) return htmlError(400, 'the client_id is too long');
    for (const [name, value] of url.searchParams) {
      if (value.length > MAX_PARAMETER_CHARS) return htmlError(400, `the ${name.slice(0, 40)} parameter is too long`);
    }
    if (request.method === 'POST') {
      let form: Uint8Array;
      try {
        form = await readBody(request, BODY_LIMITS.authorize);
      } catch (error) {
        if (error instanceof BodyTooLarge) return htmlError(413, 'the form is too large');
        throw error;
      }
      return provider.fetch(withBody(request, form), env, ctx);
    }
  }

  if (url.pathname === MCP_PATH || url.pathname.startsWith(`${MCP_PATH}/`)) {
    const bearer = /^bearer[\t ]+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (bearer !== undefined && utf8Length(bearer) > MAX_TOKEN_BYTES) {
      return oauthError(401, 'invalid_token', 'Invalid access token', {
        'www-authenticate': `Bearer error="invalid_token", resource_metadata="${url.origin}/.well-known/oauth-protected-resource${MCP_PATH}"`,
      });
    }
  }
  return provider.fetch(request, env, ctx);
}
