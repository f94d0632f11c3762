// A local stand-in for Cloudflare Access for SaaS (generic OIDC applications).
//
// Every app gets its own oidc-provider instance at `${baseUrl}/cdn-cgi/access/sso/oidc/<clientId>`,
// which is exactly the issuer Cloudflare documents for a generic OIDC SaaS app. One Node HTTP
// server routes requests to the right instance by client id, and serves the login page that
// stands in for Access's one-time PIN.
//
// Plain ESM with JSDoc types, so Node 22 runs it with no build step. See ../README.md.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

import { accountFor, subjectFor } from './accounts.mjs';
import { applyIdTokenFault, ID_TOKEN_FAULTS } from './faults.mjs';
import { generateSigningKey } from './keys.mjs';
import { blockPage, loginPage, pinPage, readForm } from './login-page.mjs';

export { ID_TOKEN_FAULTS };

/** Path prefix under which Access serves every generic OIDC SaaS application. */
export const OIDC_PREFIX = '/cdn-cgi/access/sso/oidc/';

/** The scopes an Access for SaaS OIDC app can allow (`access_oidc_saas_app.scopes`). */
export const ACCESS_SCOPES = Object.freeze(['openid', 'email', 'profile', 'groups']);

/**
 * @typedef {'block-page' | 'error-redirect'} RefusalMode What a user the app's policy refuses gets:
 *   `block-page` (Access's default) shows the login page again with "That account does not have access" and never
 *   returns to the client; `error-redirect` sends the browser back to the client with `error=access_denied`.
 */

/**
 * @typedef {'authorization_code' | 'authorization_code_with_pkce' | 'refresh_tokens'} AccessGrantType
 *   The grant types of Cloudflare's `access_oidc_saas_app.grant_types` that the stand-in models.
 *   `authorization_code_with_pkce` makes PKCE mandatory for the app; `refresh_tokens` issues
 *   refresh tokens (Access then enables `offline_access` by itself).
 */

/**
 * @typedef {object} AccessApp
 * @property {string} clientId
 * @property {string} clientSecret
 * @property {string[]} redirectUris exact redirect URIs (compared as strings, as Access does)
 * @property {AccessGrantType[]} [grantTypes] defaults to `['authorization_code']`
 * @property {string[]} [scopes] the scopes the app allows, defaults to `['openid', 'email', 'profile', 'groups']`;
 *   a request for another is refused with `invalid_scope`, and the id_token carries only these scopes' claims
 * @property {(email: string) => boolean} [isAllowed] the app's Access policy; defaults to allowing everyone
 * @property {string[] | ((email: string) => string[])} [groups] the `groups` claim for a user
 * @property {Record<string, string>} [names] the `name` claim by email, for users whose identity provider has a
 *   name (the one-time PIN has none, so by default nobody has one)
 * @property {'client_secret_post' | 'client_secret_basic'} [tokenEndpointAuthMethod] defaults to `client_secret_post`
 */

/**
 * @typedef {object} AccessServerOptions
 * @property {string} [host] defaults to 127.0.0.1 (loopback only)
 * @property {number} [port] defaults to 0 (a free port)
 * @property {string | null} [autoLoginEmail] log this user in without showing the page (for tests)
 * @property {string | null} [pin] the one-time PIN the page asks for; `null` (default) skips the PIN step
 * @property {RefusalMode} [refusal] defaults to `block-page`, as Access
 */

/**
 * @typedef {object} AccessServer
 * @property {string} baseUrl e.g. `http://127.0.0.1:41234`
 * @property {string} authDomain `host:port`, the stand-in's equivalent of `<team>.cloudflareaccess.com`
 * @property {(app: AccessApp) => AppEndpoints} addApp
 * @property {(clientId: string, changes: Partial<Omit<AccessApp, 'clientId'>>) => AppEndpoints} updateApp
 * @property {(clientId: string, isAllowed: (email: string) => boolean) => void} setPolicy
 *   change the app's Access policy in place (its users, sessions and refresh tokens stay): the next login or
 *   refresh is decided by the new policy
 * @property {(clientId: string) => boolean} removeApp
 * @property {(clientId: string) => AppEndpoints | null} getApp
 * @property {(email: string | null) => void} setAutoLogin
 * @property {(pin: string | null) => void} setPin
 * @property {(mode: RefusalMode) => void} setRefusal
 * @property {(clientId: string, fault: import('./faults.mjs').IdTokenFault | null) => void} setIdTokenFault
 *   make the app's token endpoint return a defective id_token (for the Worker's refusal tests)
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} AppEndpoints
 * @property {string} clientId
 * @property {string} issuer
 * @property {string} discovery
 * @property {string} authorization
 * @property {string} token
 * @property {string} jwks
 * @property {string} userinfo
 */

/**
 * Starts the stand-in on loopback.
 * @param {AccessServerOptions} [options]
 * @returns {Promise<AccessServer>}
 */
export async function createAccessServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  let autoLoginEmail = options.autoLoginEmail ?? null;
  let pin = options.pin ?? null;
  let refusal = checkRefusal(options.refusal ?? 'block-page');
  /** @type {Map<string, AppState>} */
  const apps = new Map();
  const cookieKeys = [randomBytes(32).toString('base64url')];
  /** Emails of the users who logged in, by subject (Access's `sub` is a UUID, not the email). */
  /** @type {Map<string, string>} */
  const emails = new Map();

  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      process.stderr.write(`access stand-in: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
      }
      res.end('internal error');
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('access stand-in: no TCP address');
  const authDomain = `${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const baseUrl = `http://${authDomain}`;

  /**
   * @typedef {object} AppState
   * @property {AccessApp} app
   * @property {Provider} provider
   * @property {Record<string, unknown>} signingKey private JWK
   * @property {import('./faults.mjs').IdTokenFault | null} fault
   * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} callback
   */

  /** @param {string} clientId */
  const issuerOf = (clientId) => `${baseUrl}${OIDC_PREFIX}${encodeURIComponent(clientId)}`;

  /** @param {string} clientId @returns {AppEndpoints} */
  const endpointsOf = (clientId) => {
    const issuer = issuerOf(clientId);
    return {
      clientId,
      issuer,
      discovery: `${issuer}/.well-known/openid-configuration`,
      authorization: `${issuer}/authorization`,
      token: `${issuer}/token`,
      jwks: `${issuer}/jwks`,
      userinfo: `${issuer}/userinfo`,
    };
  };

  /**
   * @param {AccessApp} app
   * @param {Record<string, unknown>} signingKey
   */
  const buildProvider = (app, signingKey) => {
    const grantTypes = app.grantTypes ?? ['authorization_code'];
    const scopes = allowedScopes(app);
    const pkceRequired = grantTypes.includes('authorization_code_with_pkce');
    const refresh = grantTypes.includes('refresh_tokens');
    const mountPath = `${OIDC_PREFIX}${encodeURIComponent(app.clientId)}`;
    const provider = new Provider(issuerOf(app.clientId), {
      clients: [
        {
          client_id: app.clientId,
          client_secret: app.clientSecret,
          redirect_uris: app.redirectUris,
          grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: app.tokenEndpointAuthMethod ?? 'client_secret_post',
          id_token_signed_response_alg: 'RS256',
          // The app's allow-list: oidc-provider refuses any other known scope with invalid_scope.
          scope: [...scopes, ...(refresh ? ['offline_access'] : [])].join(' '),
        },
      ],
      routes: {
        authorization: '/authorization',
        token: '/token',
        jwks: '/jwks',
        userinfo: '/userinfo',
        revocation: '/revoke',
        end_session: '/logout',
      },
      scopes: [...ACCESS_SCOPES, 'offline_access'],
      // What Access documents per scope, nothing more.
      claims: {
        openid: ['sub'],
        email: ['email'],
        profile: ['name'],
        groups: ['groups'],
      },
      // Access puts the requested claims in the id_token itself.
      conformIdTokenClaims: false,
      // Access evaluates the policy again on every refresh: a user it no longer allows gets invalid_grant
      // (oidc-provider answers so when the account is not found).
      findAccount: (ctx, accountId) => {
        const email = emails.get(accountId);
        if (!email) return undefined;
        const policy = apps.get(app.clientId)?.app.isAllowed ?? app.isAllowed;
        if (ctx.oidc?.route === 'token' && policy && !policy(email)) return undefined;
        return accountFor(accountId, email, app);
      },
      jwks: { keys: [signingKey] },
      cookies: { keys: cookieKeys },
      pkce: { required: () => pkceRequired },
      issueRefreshToken: async (_ctx, client) => refresh && client.grantTypeAllowed('refresh_token'),
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
        userinfo: { enabled: true },
      },
      interactions: {
        url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
      },
      ttl: {
        AccessToken: 300,
        AuthorizationCode: 60,
        IdToken: 300,
        Interaction: 600,
        Session: 3600,
        Grant: 86400,
        RefreshToken: 30 * 86400,
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = `<!doctype html><meta charset="utf-8"><title>Access error</title><h1>Access error</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`;
      },
    });
    // Access documents no `iss` on its authorization responses (RFC 9207); oidc-provider always adds one.
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.oidc?.route === 'discovery' && ctx.body && typeof ctx.body === 'object') {
        delete ctx.body.authorization_response_iss_parameter_supported;
      }
      const location = ctx.response.get('location');
      if (ctx.status >= 300 && ctx.status < 400 && location) ctx.response.set('location', withoutIss(location));
    });
    // oidc-provider is mounted under a path; it computes the mount from req.originalUrl.
    return provider;
  };

  /** @param {AccessApp} app */
  const install = (app, signingKey = generateSigningKey()) => {
    validateApp(app);
    const provider = buildProvider(app, signingKey);
    const handler = provider.callback();
    /** @type {AppState} */
    const state = {
      app,
      provider,
      signingKey,
      fault: apps.get(app.clientId)?.fault ?? null,
      callback: async (req, res) => {
        handler(req, res);
      },
    };
    apps.set(app.clientId, state);
    return endpointsOf(app.clientId);
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function route(req, res) {
    const url = new URL(req.url ?? '/', baseUrl);
    if (url.pathname === '/' || url.pathname === '/health') {
      sendJson(res, 200, { ok: true, authDomain, apps: [...apps.keys()] });
      return;
    }
    if (!url.pathname.startsWith(OIDC_PREFIX)) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const rest = url.pathname.slice(OIDC_PREFIX.length);
    const slash = rest.indexOf('/');
    const clientId = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
    const subPath = slash === -1 ? '/' : rest.slice(slash);
    const state = apps.get(clientId);
    if (!state) {
      sendJson(res, 404, { error: 'unknown_application' });
      return;
    }
    const interaction = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(subPath);
    if (interaction) {
      await handleInteraction(state, req, res, Boolean(interaction[2]));
      return;
    }
    // Hand the request to this app's provider with the mount prefix stripped.
    const mounted = /** @type {import('node:http').IncomingMessage & { originalUrl?: string }} */ (req);
    mounted.originalUrl = req.url;
    req.url = `${subPath}${url.search}`;
    if (req.method === 'POST' && subPath === '/token' && basicOnPostApp(req, state.app)) {
      // oidc-provider takes either method from any client; Access holds an app to the one it is set to.
      sendJson(res, 401, { error: 'invalid_client', error_description: 'client authentication failed: this application uses client_secret_post' });
      return;
    }
    if (state.fault && req.method === 'POST' && subPath === '/token') {
      interceptIdToken(res, state);
    }
    await state.callback(req, res);
  }

  /**
   * The login step: what Access shows before its policy decides. Auto-login skips the page.
   * @param {AppState} state
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {boolean} submitted
   */
  async function handleInteraction(state, req, res, submitted) {
    const { provider, app } = state;
    const details = await provider.interactionDetails(req, res);
    const action = `${OIDC_PREFIX}${encodeURIComponent(app.clientId)}/interaction/${details.uid}/login`;
    /** @type {string | null} */
    let email = null;
    if (!submitted && autoLoginEmail) {
      email = autoLoginEmail;
    } else if (!submitted) {
      sendHtml(res, 200, loginPage({ action, appName: app.clientId }));
      return;
    } else {
      const form = await readForm(req);
      const given = (form.get('email') ?? '').trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(given)) {
        sendHtml(res, 400, loginPage({ action, appName: app.clientId, error: 'Enter a valid email address.' }));
        return;
      }
      if (pin !== null) {
        const givenPin = form.get('pin');
        if (givenPin === null) {
          sendHtml(res, 200, pinPage({ action, email: given }));
          return;
        }
        if (givenPin.trim() !== pin) {
          sendHtml(res, 400, pinPage({ action, email: given, error: 'That code is not valid.' }));
          return;
        }
      }
      email = given;
    }
    const allowed = app.isAllowed ? app.isAllowed(email) : true;
    if (!allowed && refusal === 'block-page') {
      sendHtml(res, 403, blockPage({ action, appName: app.clientId, email }));
      return;
    }
    if (!allowed) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The Access policy does not allow this user.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = subjectFor(email);
    emails.set(accountId, email);
    const grant = new provider.Grant({ accountId, clientId: app.clientId });
    const allowedHere = new Set([...allowedScopes(app), 'offline_access']);
    const requested = String(details.params.scope ?? 'openid')
      .split(' ')
      .filter((scope) => allowedHere.has(scope));
    grant.addOIDCScope(requested.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  /**
   * Rewrites the id_token of this token response according to the app's fault.
   * @param {import('node:http').ServerResponse} res
   * @param {AppState} state
   */
  function interceptIdToken(res, state) {
    const fault = state.fault;
    if (!fault) return;
    /** @type {Buffer[]} */
    const chunks = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    // oidc-provider (Koa) writes the whole JSON body through end(); collect and rewrite it.
    res.write = /** @type {typeof res.write} */ (
      /** @param {unknown} chunk */ (chunk) => {
        if (chunk) chunks.push(Buffer.from(/** @type {string | Buffer} */ (chunk)));
        return true;
      }
    );
    res.end = /** @type {typeof res.end} */ (
      /** @param {unknown} [chunk] */ (chunk) => {
        if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(/** @type {string | Buffer} */ (chunk)));
        let body = Buffer.concat(chunks).toString('utf8');
        try {
          const json = JSON.parse(body);
          if (typeof json.id_token === 'string') {
            json.id_token = applyIdTokenFault(json.id_token, fault, state.signingKey);
            body = JSON.stringify(json);
          }
        } catch {
          // not JSON: pass through unchanged
        }
        if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(body));
        write(body);
        return end();
      }
    );
  }

  return {
    baseUrl,
    authDomain,
    // Adding an app that exists replaces its settings and keeps its signing key (like updateApp).
    addApp: (app) => install(app, apps.get(app.clientId)?.signingKey),
    updateApp: (clientId, changes) => {
      const current = apps.get(clientId);
      if (!current) throw new Error(`access stand-in: no app ${clientId}`);
      return install({ ...current.app, ...changes, clientId }, current.signingKey);
    },
    setPolicy: (clientId, isAllowed) => {
      const state = apps.get(clientId);
      if (!state) throw new Error(`access stand-in: no app ${clientId}`);
      state.app = { ...state.app, isAllowed };
    },
    removeApp: (clientId) => apps.delete(clientId),
    getApp: (clientId) => (apps.has(clientId) ? endpointsOf(clientId) : null),
    setAutoLogin: (email) => {
      autoLoginEmail = email;
    },
    setPin: (value) => {
      pin = value;
    },
    setRefusal: (mode) => {
      refusal = checkRefusal(mode);
    },
    setIdTokenFault: (clientId, fault) => {
      const state = apps.get(clientId);
      if (!state) throw new Error(`access stand-in: no app ${clientId}`);
      if (fault !== null && !ID_TOKEN_FAULTS.includes(fault)) throw new Error(`access stand-in: unknown fault ${fault}`);
      state.fault = fault;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** @param {AccessApp} app */
function allowedScopes(app) {
  return [...new Set(['openid', ...(app.scopes ?? ACCESS_SCOPES)])];
}

/** @param {unknown} mode @returns {RefusalMode} */
function checkRefusal(mode) {
  if (mode !== 'block-page' && mode !== 'error-redirect') throw new Error(`access stand-in: unknown refusal mode ${String(mode)}`);
  return mode;
}

/** @param {string} location */
function withoutIss(location) {
  try {
    const url = new URL(location);
    if (!url.searchParams.has('iss')) return location;
    url.searchParams.delete('iss');
    return url.href;
  } catch {
    return location; // relative: one of the stand-in's own pages
  }
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {AccessApp} app
 */
function basicOnPostApp(req, app) {
  const method = app.tokenEndpointAuthMethod ?? 'client_secret_post';
  return method === 'client_secret_post' && /^basic\s/i.test(req.headers.authorization ?? '');
}

/** @param {AccessApp} app */
function validateApp(app) {
  if (!app.clientId || !/^[A-Za-z0-9._~-]+$/.test(app.clientId)) throw new Error('access stand-in: clientId is required (unreserved characters)');
  if (!app.clientSecret) throw new Error('access stand-in: clientSecret is required');
  if (!Array.isArray(app.redirectUris) || app.redirectUris.length === 0) throw new Error('access stand-in: redirectUris is required');
  const unknown = (app.scopes ?? []).filter((scope) => !ACCESS_SCOPES.includes(scope));
  if (unknown.length > 0) throw new Error(`access stand-in: Access apps allow only ${ACCESS_SCOPES.join(', ')}, not ${unknown.join(', ')}`);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-frame-options', 'DENY');
  res.end(html);
}

/** @param {string} value */
export function escapeHtml(value) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
