// The MCP client's side of the OAuth flow, done by hand so every step can be observed and tampered with:
// 401 challenge → RFC 9728 metadata → RFC 8414 metadata → registration → authorize → consent → Access → callback
// → token. The MCP traffic itself goes through the official MCP TypeScript SDK client.
import { createHash, randomBytes } from 'node:crypto';

import { Browser } from './browser.ts';

export const APP_REDIRECT = 'dev.gatehouse.app:/oauth/callback';

export type Discovery = { resource: string; issuer: string; authorize: string; token: string; register: string };

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function discover(mcpUrl: string): Promise<Discovery> {
  const challenge = await fetch(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });
  if (challenge.status !== 401) throw new Error(`expected 401, got ${challenge.status}`);
  const www = challenge.headers.get('www-authenticate') ?? '';
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(www)?.[1];
  if (!metadataUrl) throw new Error(`no resource_metadata in ${www}`);
  const prm = (await (await fetch(metadataUrl)).json()) as { resource: string; authorization_servers: string[] };
  const issuer = prm.authorization_servers[0];
  if (!issuer) throw new Error('no authorization server');
  const as = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
  return {
    resource: prm.resource,
    issuer: as.issuer ?? '',
    authorize: as.authorization_endpoint ?? '',
    token: as.token_endpoint ?? '',
    register: as.registration_endpoint ?? '',
  };
}

export async function register(d: Discovery, redirectUris: string[] = [APP_REDIRECT]): Promise<Response> {
  return fetch(d.register, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Gatehouse',
      redirect_uris: redirectUris,
      application_type: 'native',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
}

export async function registerClient(d: Discovery, redirectUris: string[] = [APP_REDIRECT]): Promise<string> {
  const res = await register(d, redirectUris);
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { client_id: string }).client_id;
}

export type AuthorizeOptions = {
  clientId: string;
  redirectUri?: string;
  browser?: Browser;
  decision?: 'approve' | 'deny';
  /** Log in at the stand-in's page with this email (otherwise the stand-in's auto-login must be on). */
  email?: string;
  /** The `scope` parameter; `null` sends none. Defaults to `mcp offline_access`. */
  scope?: string | null;
};

export type AuthorizeOutcome = {
  browser: Browser;
  verifier: string;
  state: string;
  redirectUri: string;
  /** The final response when the flow did not return to the app (an error page). */
  res: Response;
  /** The app's redirect (code or error), when the flow got back to it. */
  returned: URL | null;
  consentPage: string;
};

/** Runs authorize → consent → Access login → callback, like a browser, and returns where it ended. */
export async function authorize(d: Discovery, opts: AuthorizeOptions): Promise<AuthorizeOutcome> {
  const browser = opts.browser ?? new Browser();
  const redirectUri = opts.redirectUri ?? APP_REDIRECT;
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const url = new URL(d.authorize);
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: opts.clientId,
    redirect_uri: redirectUri,
    scope: opts.scope === undefined ? 'mcp offline_access' : (opts.scope ?? ''),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: d.resource,
  });
  if (opts.scope === null) params.delete('scope');
  url.search = params.toString();
  const first = await browser.follow(url.href);
  const outcome = { browser, verifier, state, redirectUri };
  if (first.external) return { ...outcome, res: first.res, returned: new URL(first.url), consentPage: '' };
  const consentPage = await first.res.text();
  const handle = /name="handle" value="([^"]+)"/.exec(consentPage)?.[1];
  if (!handle) return { ...outcome, res: first.res, returned: null, consentPage };

  const decided = await browser.fetch(new URL('/authorize', d.issuer), {
    method: 'POST',
    body: new URLSearchParams({ handle, decision: opts.decision ?? 'approve' }),
  });
  let location = decided.headers.get('location');
  if (decided.status !== 302 || !location) return { ...outcome, res: decided, returned: null, consentPage };
  if (!/^https?:/.test(location)) return { ...outcome, res: decided, returned: new URL(location), consentPage };

  let step = await browser.follow(location);
  if (!step.external && opts.email && step.res.status === 200) {
    // The stand-in's login page.
    const html = await step.res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error('no login form');
    const posted = await browser.fetch(new URL(action.replace(/&#47;/g, '/'), step.url), {
      method: 'POST',
      body: new URLSearchParams({ email: opts.email }),
    });
    location = posted.headers.get('location');
    if (!location) return { ...outcome, res: posted, returned: null, consentPage };
    step = await browser.follow(new URL(location, step.url).href);
  }
  return { ...outcome, res: step.res, returned: step.external ? new URL(step.url) : null, consentPage };
}

export type Tokens = { access_token: string; refresh_token?: string; token_type: string; expires_in: number; scope?: string };

export async function token(d: Discovery, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(d.token, { method: 'POST', body: new URLSearchParams(params) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function exchange(d: Discovery, clientId: string, outcome: AuthorizeOutcome) {
  const code = outcome.returned?.searchParams.get('code');
  if (!code) throw new Error(`no code: ${outcome.returned?.href ?? outcome.res.status}`);
  return token(d, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: outcome.redirectUri,
    client_id: clientId,
    code_verifier: outcome.verifier,
    resource: d.resource,
  });
}

/** Register, authorize and exchange: a bearer token for the MCP endpoint. */
export async function login(
  mcpUrl: string,
  email?: string,
  scope?: string | null,
): Promise<{ d: Discovery; clientId: string; tokens: Tokens }> {
  const d = await discover(mcpUrl);
  const clientId = await registerClient(d);
  const outcome = await authorize(d, { clientId, ...(email ? { email } : {}), ...(scope !== undefined ? { scope } : {}) });
  const exchanged = await exchange(d, clientId, outcome);
  if (exchanged.status !== 200) throw new Error(`token: ${exchanged.status} ${JSON.stringify(exchanged.body)}`);
  return { d, clientId, tokens: exchanged.body as unknown as Tokens };
}
