// The local stack: the Access stand-in (tests/access) and the built Worker (dist/) in workerd through Miniflare's
// API, on loopback. Used by `npm run dev` (make server), the end-to-end tests and the benchmark.
//
// Miniflare runs exactly the modules listed in dist/manifest.json with the bindings, Durable Object class and
// compatibility settings it names, so what runs here is what the desktop app uploads.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = join(serverRoot, 'dist');
const accessEntry = join(serverRoot, '..', 'tests', 'access', 'src', 'index.mjs');

/** True when dist/ is missing or older than any source or config file. */
export function needsBuild() {
  const manifest = join(distDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  /** @param {string} dir @returns {number} */
  const newest = (dir) =>
    Math.max(
      0,
      ...readdirSync(dir).map((name) => {
        const path = join(dir, name);
        const s = statSync(path);
        return s.isDirectory() ? newest(path) : s.mtimeMs;
      }),
    );
  return (
    Math.max(
      newest(join(serverRoot, 'src')),
      statSync(join(serverRoot, 'wrangler.jsonc')).mtimeMs,
      statSync(join(serverRoot, 'package-lock.json')).mtimeMs,
    ) > built
  );
}

/** @returns {{ main_module: string, compatibility_date: string, compatibility_flags: string[], modules: Array<{name: string, content_type: string}>, bindings: Array<{type: string, name: string, class_name?: string}>, migrations: { new_sqlite_classes?: string[] }, secrets: string[] }} */
export function readManifest() {
  return JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8'));
}

/**
 * Miniflare module type for a manifest content type.
 * @param {string} contentType
 */
function moduleType(contentType) {
  switch (contentType) {
    case 'application/javascript+module':
      return 'ESModule';
    case 'application/javascript':
      return 'CommonJS';
    case 'application/wasm':
      return 'CompiledWasm';
    case 'text/plain':
      return 'Text';
    default:
      return 'Data';
  }
}

/**
 * @typedef {object} StackOptions
 * @property {number} [port] the Worker's port (0: free)
 * @property {number} [accessPort] the stand-in's port (0: free)
 * @property {string | null} [autoLoginEmail]
 * @property {string[] | null} [allowedEmails] null: everyone may log in
 * @property {string[]} [groups]
 * @property {string | null} [pin]
 * @property {'block-page' | 'error-redirect'} [refusal] what a user the policy refuses gets (default: Access's block page)
 * @property {'debug' | 'info' | 'warn' | 'error' | 'none'} [logLevel]
 * @property {boolean} [accessRefreshTokens] whether the SaaS app issues refresh tokens (default true)
 * @property {(request: Request) => Response | undefined | Promise<Response | undefined>} [outbound] sees the Worker's
 *   outgoing requests and answers those it knows (e.g. a Client ID Metadata Document at an https URL); everything
 *   else goes out as usual
 */

/**
 * Miniflare's outbound service: `answer`'s responses (copied into Miniflare's own Response), else the network.
 * @param {(request: Request) => Response | undefined | Promise<Response | undefined>} answer
 * @param {(request: any) => Promise<any>} network
 * @param {new (body: ArrayBuffer, init: ResponseInit) => any} MfResponse
 */
function outboundWith(answer, network, MfResponse) {
  return async (/** @type {any} */ request) => {
    const known = await answer(request);
    if (!known) return network(request);
    return new MfResponse(await known.arrayBuffer(), { status: known.status, headers: Object.fromEntries(known.headers) });
  };
}

/** @param {StackOptions} [options] */
export async function startStack(options = {}) {
  if (!existsSync(join(serverRoot, '..', 'tests', 'access', 'node_modules', 'oidc-provider'))) {
    throw new Error('tests/access has no node_modules: run `npm ci --prefix tests/access` first');
  }
  const { createAccessServer } = await import(pathToFileURL(accessEntry).href);
  const { Miniflare, Log, LogLevel, fetch: mfFetch, Response: MfResponse } = await import('miniflare');

  const manifest = readManifest();
  const access = await createAccessServer({
    host: '127.0.0.1',
    port: options.accessPort ?? 0,
    autoLoginEmail: options.autoLoginEmail ?? null,
    pin: options.pin ?? null,
    refusal: options.refusal ?? 'block-page',
  });
  const clientId = randomBytes(16).toString('hex');
  const clientSecret = randomBytes(32).toString('hex');
  const issuer = `${access.baseUrl}/cdn-cgi/access/sso/oidc/${clientId}`;
  const secrets = {
    ACCESS_CLIENT_ID: clientId,
    ACCESS_CLIENT_SECRET: clientSecret,
    ACCESS_TOKEN_URL: `${issuer}/token`,
    ACCESS_AUTHORIZATION_URL: `${issuer}/authorization`,
    ACCESS_JWKS_URL: `${issuer}/jwks`,
    COOKIE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  const missing = manifest.secrets.filter((name) => !(name in secrets));
  if (missing.length > 0) throw new Error(`stack: no local value for secrets ${missing.join(', ')}`);

  const kvNamespaces = manifest.bindings.filter((b) => b.type === 'kv_namespace').map((b) => b.name);
  /** @type {Record<string, { className: string, useSQLite: boolean }>} */
  const durableObjects = {};
  for (const b of manifest.bindings.filter((b) => b.type === 'durable_object_namespace')) {
    durableObjects[b.name] = {
      className: String(b.class_name),
      useSQLite: (manifest.migrations.new_sqlite_classes ?? []).includes(String(b.class_name)),
    };
  }
  // Everything Miniflare and workerd print goes to stderr: stdout belongs to the caller (dev.mjs's JSON line).
  class StderrLog extends Log {
    /** @param {string} message */
    log(message) {
      process.stderr.write(`${message}\n`);
    }
  }
  const levels = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR, none: LogLevel.NONE };

  const mf = new Miniflare({
    host: '127.0.0.1',
    port: options.port ?? 0,
    log: new StderrLog(levels[options.logLevel ?? 'warn']),
    handleRuntimeStdio(stdout, stderr) {
      stdout.pipe(process.stderr);
      stderr.pipe(process.stderr);
    },
    // No request.cf lookup: Miniflare would fetch it from workers.cloudflare.com.
    cf: { colo: 'LOC', country: 'ZZ', asn: 0, clientTcpRtt: 0, httpProtocol: 'HTTP/1.1', tlsVersion: '', tlsCipher: '' },
    modulesRoot: distDir,
    modules: manifest.modules.map((m) => ({
      type: moduleType(m.content_type),
      path: join(distDir, m.name),
      contents: readFileSync(join(distDir, m.name)),
    })),
    compatibilityDate: manifest.compatibility_date,
    compatibilityFlags: manifest.compatibility_flags,
    kvNamespaces,
    durableObjects,
    bindings: secrets,
    kvPersist: false,
    durableObjectsPersist: false,
    cachePersist: false,
    ...(options.outbound ? { outboundService: outboundWith(options.outbound, mfFetch, MfResponse) } : {}),
  });
  let workerUrl;
  try {
    workerUrl = await mf.ready;
  } catch (error) {
    await access.close();
    throw error;
  }
  const origin = workerUrl.origin;
  const allowed = options.allowedEmails?.map((e) => e.toLowerCase()) ?? null;
  access.addApp({
    clientId,
    clientSecret,
    redirectUris: [`${origin}/callback`],
    // The settings setup gives a real app: PKCE enforced, refresh tokens unless turned off, and every scope the
    // Worker asks for.
    grantTypes:
      options.accessRefreshTokens === false ? ['authorization_code_with_pkce'] : ['authorization_code_with_pkce', 'refresh_tokens'],
    scopes: ['openid', 'email', 'profile', 'groups'],
    isAllowed: allowed ? (email) => allowed.includes(email.toLowerCase()) : () => true,
    groups: options.groups ?? ['gatehouse-users'],
  });

  let stopped = false;
  return {
    origin,
    mcp: `${origin}/mcp`,
    access,
    accessClientId: clientId,
    issuer,
    /** The Worker's OAUTH_KV, for tests that inspect or age what the Worker stored. */
    kv: () => mf.getKVNamespace('OAUTH_KV'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled([mf.dispose(), access.close()]);
    },
  };
}
