// The login: everything outside /mcp that workers-oauth-provider does not answer itself.
//   GET  /authorize  parse the MCP client's request, show the consent page (client name and redirect)
//   POST /authorize  consent approved: start the Access login (state bound to this browser, PKCE, nonce)
//   GET  /callback   Access's answer: exchange the code with the client secret, verify the id_token, grant
// The consent handle and `state` are the library's browser-bound, single-use transactions (CSRF protection).

import {
  type AuthRequest,
  AuthorizationError,
  authorizationErrorRedirect,
  CimdFetchError,
  type OAuthHelpers,
} from '@cloudflare/workers-oauth-provider';

import { accessErrorOf, describeForClient } from './access/callback-error';
import { type AccessConfig, readAccessConfig } from './access/config';
import { discoverIssuer } from './access/discovery';
import type { GrantProps } from './access/refresh';
import { verifyIdToken } from './access/id-token';
import { jwksFor } from './access/jwks';
import { authorizationUrl, exchangeCode, randomToken, s256 } from './access/upstream';
import { consentPage, errorPage, HTML_HEADERS, homePage } from './pages';
import { classifyRedirectUri } from './redirect-policy';
import { grantedScopes } from './security/scopes';
import { type LoginError, LoginFailure } from './result';

type HandlerEnv = Env & { OAUTH_PROVIDER: OAuthHelpers };

/** What beginUpstream() keeps server-side (encrypted) until Access calls back. */
type UpstreamData = { verifier: string; nonce: string };

const REMEMBER_CONSENT_SECONDS = 30 * 24 * 3600;

function html(body: string, status: number, headers?: Headers): Response {
  const out = new Headers(headers);
  for (const [k, v] of Object.entries(HTML_HEADERS)) out.set(k, v);
  return new Response(body, { status, headers: out });
}

function statusOf(error: LoginError): number {
  switch (error.code) {
    case 'access_unavailable':
      return 502;
    case 'misconfigured':
      return 500;
    case 'access_denied':
      return 403;
    // Whatever Access reported arrived as query parameters anyone can write, so it is never answered with a 5xx.
    case 'access_error':
      return error.accessError === 'access_denied' ? 403 : 400;
    default:
      return 400;
  }
}

function failure(error: LoginError, headers?: Headers): Response {
  return html(errorPage(error), statusOf(error), headers);
}

function redirect(location: string, headers?: Headers): Response {
  const out = new Headers(headers);
  out.set('location', location);
  out.set('cache-control', 'no-store');
  return new Response(null, { status: 302, headers: out });
}

function isUpstreamData(value: unknown): value is UpstreamData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UpstreamData).verifier === 'string' &&
    typeof (value as UpstreamData).nonce === 'string'
  );
}

async function showConsent(request: Request, env: HandlerEnv): Promise<Response> {
  const config = readAccessConfig(env);
  if (!config.ok) return failure(config.error);
  const oauth = env.OAUTH_PROVIDER;
  const parsed = await oauth.parseAuthRequest(request);
  // The registration hook applies the redirect policy to registered clients; a Client ID Metadata Document's
  // redirect URIs never pass through it, so the one this login would use is checked here, for every client.
  const redirectVerdict = classifyRedirectUri(parsed.redirectUri);
  if (!redirectVerdict.ok) return failure({ code: 'invalid_request', detail: redirectVerdict.error });
  const scope = grantedScopes(parsed.scope);
  if (!scope.ok) {
    return redirect(authorizationErrorRedirect(parsed, 'invalid_scope', `Unknown scope: ${scope.error.join(' ')}`));
  }
  const authRequest: AuthRequest = { ...parsed, scope: scope.value };
  if (await oauth.isConsentRemembered(request, authRequest, { secret: config.value.cookieKey })) {
    // This browser already approved this client, redirect URI and resource: straight to Access.
    return startAccessLogin(request, oauth, config.value, authRequest);
  }
  const details = await oauth.describeConsent(authRequest);
  const consent = await oauth.beginConsent(authRequest);
  return html(consentPage(details, consent.handle), 200, consent.headers);
}

async function decide(request: Request, env: HandlerEnv): Promise<Response> {
  const config = readAccessConfig(env);
  if (!config.ok) return failure(config.error);
  const form = await request.formData().catch(() => null);
  if (!form) return failure({ code: 'invalid_request', detail: 'the consent form could not be read' });
  const handle = String(form.get('handle') ?? '');
  const oauth = env.OAUTH_PROVIDER;
  if (form.get('decision') !== 'approve') {
    const denied = await oauth.denyConsent(request, handle);
    return new Response(null, { status: 302, headers: denied.headers });
  }
  const approved = await oauth.approveConsent(request, handle, {
    remember: { secret: config.value.cookieKey, maxAgeSeconds: REMEMBER_CONSENT_SECONDS },
  });
  return startAccessLogin(request, oauth, config.value, approved.request, approved.headers);
}

async function startAccessLogin(
  request: Request,
  oauth: OAuthHelpers,
  config: AccessConfig,
  authRequest: AuthRequest,
  cookies?: Headers,
): Promise<Response> {
  const data: UpstreamData = { verifier: randomToken(48), nonce: randomToken(24) };
  const { state, headers } = await oauth.beginUpstream(authRequest, { data, ...(cookies ? { headers: cookies } : {}) });
  const location = authorizationUrl(config, {
    redirectUri: new URL('/callback', request.url).href,
    state,
    nonce: data.nonce,
    codeChallenge: await s256(data.verifier),
  });
  return redirect(location, headers);
}

async function callback(request: Request, env: HandlerEnv): Promise<Response> {
  const config = readAccessConfig(env);
  if (!config.ok) return failure(config.error);
  const oauth = env.OAUTH_PROVIDER;
  const url = new URL(request.url);
  const reported = accessErrorOf(url);
  if (reported && !url.searchParams.get('state')) {
    // No state: nothing to resume and no client to tell. Say what Access reported and what to do.
    return failure({ code: 'access_error', accessError: reported.error, description: reported.description });
  }
  const resumed = await oauth.finishUpstream<unknown>(request);
  const { request: original, headers } = resumed;
  if (reported) {
    // Access refused (its policy, the scopes, or the user cancelled): tell the client, as OAuth expects.
    return redirect(authorizationErrorRedirect(original, 'access_denied', describeForClient(reported)), headers);
  }
  const code = url.searchParams.get('code');
  if (!code || !isUpstreamData(resumed.data)) {
    return failure({ code: 'invalid_request', detail: 'the callback carries no code' }, headers);
  }
  const issuer = await discoverIssuer(config.value.discoveryUrl);
  if (!issuer.ok) return failure({ code: 'access_unavailable', detail: issuer.error }, headers);

  const exchanged = await exchangeCode(config.value, {
    code,
    redirectUri: new URL('/callback', request.url).href,
    codeVerifier: resumed.data.verifier,
  });
  if (!exchanged.ok) return failure(exchanged.error, headers);

  const verified = await verifyIdToken(exchanged.value.idToken, jwksFor(config.value.jwksUrl), {
    issuer: issuer.value,
    audience: config.value.clientId,
    nonce: resumed.data.nonce,
  });
  if (!verified.ok) {
    return verified.error === 'jwks_unavailable'
      ? failure({ code: 'access_unavailable', detail: 'the signing keys could not be fetched' }, headers)
      : failure({ code: 'id_token_invalid', reason: verified.error }, headers);
  }
  const scope = grantedScopes(original.scope);
  if (!scope.ok) return failure({ code: 'invalid_request', detail: 'the client asked for a scope this server does not offer' }, headers);
  // Access's refresh token stays in the grant (encrypted by the library); access tokens carry the user only.
  const props: GrantProps = {
    ...verified.value,
    ...(exchanged.value.refreshToken ? { accessRefreshToken: exchanged.value.refreshToken } : {}),
  };
  const { redirectTo } = await oauth.completeAuthorization({
    request: original,
    userId: props.sub,
    metadata: { label: props.email },
    scope: scope.value,
    props,
  });
  return redirect(redirectTo, headers);
}

async function route(request: Request, env: HandlerEnv): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/authorize' && request.method === 'GET') return showConsent(request, env);
  if (pathname === '/authorize' && request.method === 'POST') return decide(request, env);
  if (pathname === '/callback' && request.method === 'GET') return callback(request, env);
  if (pathname === '/' && request.method === 'GET') return html(homePage(new URL(request.url).origin), 200);
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** workers-oauth-provider adds its helpers to the env it hands the default handler. */
function withHelpers(env: Env): env is HandlerEnv {
  return typeof (env as Partial<HandlerEnv>).OAUTH_PROVIDER === 'object';
}

export const accessHandler = {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (!withHelpers(env)) throw new Error('accessHandler must run behind OAuthProvider');
    try {
      return await route(request, env);
    } catch (error) {
      if (error instanceof AuthorizationError && error.redirectTo) return redirect(error.redirectTo);
      if (error instanceof AuthorizationError) return failure({ code: 'invalid_request', detail: error.description });
      if (error instanceof CimdFetchError) return failure({ code: 'invalid_request', detail: 'the client could not be verified' });
      if (error instanceof LoginFailure) return failure(error.error);
      // Log the kind of failure only: messages from deep inside could carry request data.
      console.error('login failed unexpectedly:', error instanceof Error ? error.name : typeof error);
      return failure({ code: 'internal', detail: 'unexpected error' });
    }
  },
};
