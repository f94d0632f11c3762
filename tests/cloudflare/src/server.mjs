// The local Cloudflare as a library: createLocalCloudflare() starts the API on loopback, the Access stand-in and the
// Worker host, and returns what a test needs. cli.mjs wraps it for `make stack`.
import { createServer } from "node:http";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAccess } from "./access.mjs";
import { handlers, registerApp, run } from "./api.mjs";
import { applyBreak } from "./breaks.mjs";
import { CfError, CODES, fail } from "./envelope.mjs";
import { Faults } from "./faults.mjs";
import { loadContract } from "./spec.mjs";
import { initialData, Store, hex, tokenValue } from "./state.mjs";
import { WorkerHost } from "./workers.mjs";

export const API_PREFIX = "/client/v4";

/**
 * @typedef {object} Options
 * @property {string} [host]          loopback address to listen on (default 127.0.0.1)
 * @property {number} [port]          API port (default 0: a free one)
 * @property {string} [stateFile]     keep state in this JSON file (Worker KV/DO data in <stateFile>.d/)
 * @property {any} [config]           see README.md "Configuration"
 * @property {() => void} [onDie]     called when a `die` fault fires (default: stop answering)
 * @property {(line: string) => void} [log]
 */

/** @param {Options} [options] */
export async function createLocalCloudflare(options = {}) {
  const host = options.host || "127.0.0.1";
  const config = options.config || {};
  const log = options.log || ((/** @type {string} */ l) => process.stderr.write(`local-cloudflare: ${l}\n`));
  const contract = await loadContract();
  const access = await startAccess({
    host,
    autoLoginEmail: config.access?.auto_login_email ?? null,
    pin: config.access?.pin ?? null,
    refusal: config.access?.refusal ?? "block-page",
  });

  const persistRoot = options.stateFile ? `${options.stateFile}.d` : mkdtempSync(join(tmpdir(), "local-cloudflare-"));
  mkdirSync(persistRoot, { recursive: true });
  const workers = new WorkerHost({ host, persistRoot, log });

  const loaded = options.stateFile ? Store.load(options.stateFile) : null;
  const store = new Store(loaded || initialData(config, access.authDomain), options.stateFile || null);
  // The Access stand-in gets a new port each start: point every organization at it.
  for (const id of Object.keys(store.data.organizations)) store.data.organizations[id].auth_domain = access.authDomain;
  const defaultToken = ensureDefaultToken(store, contract.allGroups, config.token);
  const faults = new Faults();
  faults.add(config.faults || []);
  if (config.die_after_calls !== undefined) faults.add([{ die: true, after: config.die_after_calls }]);

  /** @type {any[]} */
  let violations = [];
  /** @type {{ method: string, path: string, operationId: string | null, status: number }[]} */
  let calls = [];
  let dead = false;
  /** Requests whose answer a carry_out fault replaces. @type {WeakMap<object, import("./faults.mjs").FaultRule>} */
  const lost = new WeakMap();

  for (const app of store.data.apps) registerApp(store, access, app);
  for (const s of store.data.scripts) {
    try {
      const { port } = await run(workers, s);
      s.port = port;
      workers.setEnabled(s.name, s.subdomain.enabled);
    } catch (err) {
      log(`could not restart Worker ${s.name}: ${/** @type {Error} */ (err).message}`);
    }
  }
  store.save();

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      log(`internal error: ${err.stack || err}`);
      if (!res.headersSent) send(res, 500, fail(CODES.internal, "Unexpected internal server error"));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port || 0, host, () => resolve(undefined));
  });
  const port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  const origin = `http://${host}:${port}`;

  /** @param {import("node:http").ServerResponse} res @param {number} status @param {any} body @param {Record<string,string>} [headers] */
  function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function die() {
    if (dead) return;
    dead = true;
    log("fault: dying (stops answering)");
    if (options.onDie) return options.onDie();
    server.closeAllConnections();
    server.close();
  }

  /** @param {import("node:http").IncomingMessage} req @param {import("node:http").ServerResponse} res */
  async function handle(req, res) {
    if (dead) return void req.socket.destroy();
    const url = new URL(req.url || "/", origin);
    if (url.pathname.startsWith("/__local/")) return local(req, res, url);
    if (!url.pathname.startsWith(API_PREFIX + "/")) return send(res, 404, fail(CODES.noRoute, `No route for ${url.pathname}; the API is under ${API_PREFIX}`));
    const path = url.pathname.slice(API_PREFIX.length);
    const method = (req.method || "GET").toUpperCase();
    const raw = await readBody(req);
    const headers = /** @type {Record<string,string>} */ (req.headers);
    const operation = contract.api.router.matchOperation({ method, path, headers, query: Object.fromEntries(url.searchParams) });
    const operationId = operation?.operationId || null;
    const t0 = Date.now();
    const record = (/** @type {number} */ status) => {
      calls.push({ method, path, operationId, status });
      logCall(method, path, status, t0);
    };

    const fault = faults.match({ operationId, method, path });
    if (fault?.carry_out) lost.set(res, fault);
    else if (fault) {
      if (fault.die) return void (die(), req.socket.destroy());
      if (fault.delay_ms) await new Promise((r) => setTimeout(r, fault.delay_ms));
      if (fault.status) {
        const is429 = fault.status === 429;
        record(fault.status);
        return send(
          res,
          fault.status,
          fail(is429 ? CODES.rateLimited : CODES.internal, is429 ? "Please wait and consider throttling your request speed" : "Unexpected internal server error"),
          is429 ? { "retry-after": String(fault.retry_after ?? 1) } : {},
        );
      }
    }

    try {
      if (!operation || !operationId) throw new CfError(404, CODES.noRoute, `Could not route to ${path}, perhaps your object identifier is invalid?`);
      const verify = operationId === "user-api-tokens-verify-token" || operationId === "account-api-tokens-verify-token";
      const token = authenticate(headers, verify);
      // What Cloudflare answers an account-owned token at the user endpoint (wrangler's getTokenType relies on it).
      if (operationId === "user-api-tokens-verify-token" && token.kind === "account") throw new CfError(401, CODES.invalidToken, "Invalid API Token");
      authorize(token, operationId);
      const params = /** @type {Record<string,string>} */ (contract.api.router.parseRequest({ method, path, headers }, operation).params);
      if (params.account_id && !store.data.accounts.some((a) => a.id === params.account_id)) throw new CfError(403, CODES.authError, "Authentication error");
      if (params.account_id && token.accounts && !token.accounts.includes(params.account_id)) throw new CfError(403, CODES.authError, "Authentication error");

      const contentType = (headers["content-type"] || "").toLowerCase();
      let body;
      /** @type {any} what the contract sees: for multipart, the parts with the metadata part parsed */
      let checked;
      if (contentType.startsWith("multipart/form-data")) {
        body = await readMultipart(url, method, headers["content-type"], raw);
        checked = Object.fromEntries([...body.form.keys()].map((k) => [k, "<part>"]));
        if (body.metadata !== undefined) checked.metadata = body.metadata;
      } else if (raw.length) {
        if (contentType && !contentType.startsWith("application/json")) throw new CfError(400, 10001, `Unsupported or unexpected Content Type: ${contentType}`);
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new CfError(400, CODES.malformedJson, "Malformed JSON in request body");
        }
        checked = body;
      }
      const check = contract.api.validator.validateRequest(
        { method, path, headers, query: Object.fromEntries(url.searchParams), body: checked },
        operation,
      );
      if (!check.valid) {
        const first = check.errors?.[0];
        violations.push({ kind: "request", operationId, method, path, errors: check.errors });
        log(`request does not match the contract: ${method} ${path}: ${JSON.stringify(check.errors)}`);
        throw new CfError(400, CODES.invalidRequest, `Invalid request: ${first?.instancePath || ""} ${first?.message || ""}`.trim());
      }
      const out = await handlers[operationId]({ store, workers, access, contract, token, params, query: url.searchParams, body, config });
      respond(res, operation, out.status, out.body, {}, record);
    } catch (err) {
      if (!(err instanceof CfError)) throw err;
      respond(res, operation, err.status, fail(err.code, err.message), err.headers, record);
    }
  }

  /** Validates a response against the contract before sending it; a mismatch is a stand-in bug: 500 + violation. */
  function respond(/** @type {any} */ res, /** @type {any} */ operation, /** @type {number} */ status, /** @type {any} */ body, /** @type {any} */ headers, /** @type {(s: number) => void} */ record) {
    const after = lost.get(res);
    if (after) {
      // The request was carried out; its answer is lost on the way back.
      record(after.drop ? 0 : after.status || 502);
      if (after.drop) return void res.socket?.destroy();
      return send(res, after.status || 502, fail(CODES.internal, "Unexpected internal server error"));
    }
    if (operation) {
      const check = contract.api.validator.validateResponse(body, operation, status);
      if (!check.valid) {
        violations.push({ kind: "response", operationId: operation.operationId, status, errors: check.errors });
        log(`BUG: response does not match the contract: ${operation.operationId} ${status}: ${JSON.stringify(check.errors)}`);
        record(500);
        return send(res, 500, fail(CODES.internal, "The local Cloudflare produced a response that does not match the contract (see its log)"));
      }
    }
    record(status);
    send(res, status, body, headers);
  }

  /** One line per API call on the log (stderr for the CLI). */
  function logCall(/** @type {string} */ method, /** @type {string} */ path, /** @type {number} */ status, /** @type {number} */ t0) {
    log(`${method} ${API_PREFIX}${path} -> ${status} (${Date.now() - t0} ms)`);
  }

  /**
   * The token a request carries. Verify answers for a disabled or expired token too (with its status); every other
   * operation refuses it.
   * @param {Record<string,string>} headers @param {boolean} verify
   */
  function authenticate(headers, verify) {
    const auth = headers.authorization;
    if (!auth) {
      if (headers["x-auth-key"] || headers["x-auth-email"]) throw new CfError(400, CODES.unsupported, "The local Cloudflare accepts API tokens only (Authorization: Bearer), not X-Auth-Key/X-Auth-Email");
      throw new CfError(400, CODES.missingAuth, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
    }
    const m = /^Bearer ([A-Za-z0-9_-]+)$/.exec(auth);
    if (!m) throw new CfError(400, CODES.badAuthHeader, "Invalid request headers");
    const found = store.data.tokens.find((t) => t.value === m[1]);
    if (!found) throw new CfError(401, CODES.invalidToken, "Invalid API Token");
    const expired = found.status === "active" && found.expires_on && Date.parse(found.expires_on) < Date.now();
    const token = expired ? { ...found, status: /** @type {const} */ ("expired") } : found;
    if (token.status !== "active" && !verify) throw new CfError(401, CODES.invalidToken, "Invalid API Token");
    return token;
  }

  /** @param {import("./state.mjs").Token} token @param {string} operationId */
  function authorize(token, operationId) {
    const groups = contract.permissionGroups(operationId);
    if (groups && !groups.some((g) => token.permissions.includes(g))) throw new CfError(403, CODES.authError, "Authentication error");
  }

  /** Test extensions, outside the Cloudflare API. @param {any} req @param {any} res @param {URL} url */
  async function local(req, res, url) {
    const method = req.method;
    const raw = await readBody(req);
    let body = {};
    try {
      body = raw.length ? JSON.parse(raw.toString("utf8")) : {};
    } catch {
      return send(res, 400, { error: "malformed JSON" });
    }
    const p = url.pathname;
    if (p === "/__local/health") return send(res, 200, { ok: true });
    if (p === "/__local/state" && method === "GET") return send(res, 200, redacted(store.data));
    if (p === "/__local/calls" && method === "GET") return send(res, 200, calls);
    if (p === "/__local/violations" && method === "GET") return send(res, 200, violations);
    if (p === "/__local/violations" && method === "DELETE") return (violations = []), send(res, 200, { ok: true });
    if (p === "/__local/faults" && method === "GET") return send(res, 200, faults.list());
    if (p === "/__local/faults" && method === "POST") {
      try {
        faults.add(Array.isArray(body) ? body : [body]);
      } catch (err) {
        return send(res, 400, { error: String(err) });
      }
      return send(res, 200, faults.list());
    }
    if (p === "/__local/faults" && method === "DELETE") return faults.clear(), send(res, 200, { ok: true });
    if (p === "/__local/tokens" && method === "POST") return send(res, 201, mintToken(/** @type {any} */ (body)));
    if (p === "/__local/reset" && method === "POST") return await reset(), send(res, 200, { ok: true });
    if (p === "/__local/subdomain" && method === "POST") return send(res, 200, await renameSubdomain(/** @type {any} */ (body)));
    if (p === "/__local/access/auto-login" && method === "POST") return access.setAutoLogin(/** @type {any} */ (body).email ?? null), send(res, 200, { ok: true });
    if (p === "/__local/access/refusal" && method === "POST") {
      try {
        access.setRefusal(/** @type {any} */ (body).refusal);
      } catch (err) {
        return send(res, 400, { error: String(err) });
      }
      return send(res, 200, { ok: true });
    }
    if (p === "/__local/break" && method === "POST") {
      try {
        return send(res, 200, await applyBreak({ store, workers, access, defaultToken: () => defaultToken.value }, body));
      } catch (err) {
        return send(res, /** @type {any} */ (err).status === 400 ? 400 : 500, { error: String(/** @type {any} */ (err).message ?? err) });
      }
    }
    if (p === "/__local/workers" && method === "GET") {
      return send(res, 200, Object.fromEntries(store.data.scripts.map((x) => [x.name, workers.info(x.name)])));
    }
    const w = /^\/__local\/workers\/([^/]+)$/.exec(p);
    if (w && method === "GET") {
      const s = store.data.scripts.find((x) => x.name === w[1]);
      const info = workers.info(w[1]);
      if (!s || !info) return send(res, 404, { error: `no Worker named ${w[1]}` });
      const sub = store.data.subdomains[s.account];
      return send(res, 200, { ...info, workers_dev: `https://${s.name}.${sub}.workers.dev` });
    }
    send(res, 404, { error: `unknown extension endpoint ${method} ${p}` });
  }

  /** @param {{ name?: string, permissions?: string[], accounts?: string[] | null, status?: string, expires_on?: string, value?: string, kind?: "user" | "account" }} o */
  function mintToken(o) {
    // An account-owned token belongs to one account.
    const accounts = o.kind === "account" ? o.accounts || [store.data.accounts[0].id] : (o.accounts ?? null);
    const t = /** @type {import("./state.mjs").Token} */ ({
      id: hex(16),
      value: o.value || tokenValue(),
      name: o.name || "test token",
      status: /** @type {any} */ (o.status || "active"),
      permissions: o.permissions ?? contract.allGroups,
      accounts,
      ...(o.kind === "account" ? { kind: "account" } : {}),
      ...(o.expires_on ? { expires_on: o.expires_on } : {}),
    });
    store.data.tokens.push(t);
    store.save();
    return t;
  }

  /**
   * What choosing another workers.dev subdomain in the dashboard does: every script of the account moves to
   * https://<script>.<new>.workers.dev (here: a new loopback origin) and its old address stops answering.
   * @param {{ subdomain?: string, account_id?: string }} o
   */
  async function renameSubdomain(o) {
    const account = o.account_id || store.data.accounts[0].id;
    if (!o.subdomain || !/^[a-z0-9-]+$/.test(o.subdomain)) return { error: "subdomain must be a DNS label" };
    store.data.subdomains[account] = o.subdomain;
    /** @type {Record<string, string>} */
    const moved = {};
    for (const s of store.data.scripts.filter((x) => x.account === account)) {
      const port = await workers.move(s.name);
      if (port) {
        s.port = port;
        moved[s.name] = `http://${host}:${port}`;
      }
    }
    store.save();
    return { subdomain: o.subdomain, moved };
  }

  async function reset() {
    for (const app of store.data.apps) access.removeApp(app.saas_app.client_id);
    for (const s of store.data.scripts) await workers.remove(s.name);
    // Keep accounts and the default token stable across resets: tests hold them.
    const fresh = initialData(config, access.authDomain, store.data.accounts);
    fresh.tokens = store.data.tokens.filter((t) => t.id === defaultToken.id);
    store.data = fresh;
    faults.clear();
    violations = [];
    calls = [];
    store.save();
  }

  return {
    api: origin + API_PREFIX,
    origin,
    token: defaultToken.value,
    account_id: store.data.accounts[0].id,
    access: access.baseUrl,
    auth_domain: access.authDomain,
    access_stub: access.stub,
    workers_subdomain: store.data.subdomains[store.data.accounts[0].id],
    /** Worker KV/DO data of a run without a state file (removed on close). */
    ephemeralDir: options.stateFile ? null : persistRoot,
    store,
    workers,
    accessServer: access,
    /** URL of a deployed script's loopback origin, or null. @param {string} name */
    workerUrl: (name) => workers.url(name),
    mintToken,
    faults,
    violations: () => violations,
    calls: () => calls,
    reset,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(undefined)));
      await workers.close();
      await access.close();
      if (!options.stateFile) rmSync(persistRoot, { recursive: true, force: true });
    },
  };
}

/** @param {import("./state.mjs").Store} store @param {string[]} groups @param {string} [value] */
function ensureDefaultToken(store, groups, value) {
  let t = store.data.tokens.find((x) => x.name === "default");
  if (!t) {
    t = { id: hex(16), value: value || tokenValue(), name: "default", status: "active", permissions: groups, accounts: null };
    store.data.tokens.unshift(t);
  }
  return t;
}

/** State for /__local/state: secrets replaced by their names. @param {import("./state.mjs").Data} d */
function redacted(d) {
  return {
    ...d,
    tokens: d.tokens.map(({ value, ...t }) => t),
    apps: d.apps.map((a) => ({ ...a, saas_app: { ...a.saas_app, client_secret: "<redacted>" } })),
    scripts: d.scripts.map(({ modules, bindings, ...s }) => ({
      ...s,
      modules: modules.map((m) => ({ name: m.name, contentType: m.contentType, bytes: Buffer.from(m.b64, "base64").length })),
      bindings: bindings.map((b) => (b.type === "secret_text" ? { type: b.type, name: b.name } : b)),
    })),
  };
}

/**
 * A multipart upload: the parts, and the metadata part parsed from JSON (a file part or a plain field).
 * @param {URL} url @param {string} method @param {string} contentType @param {Buffer} raw
 * @returns {Promise<{ form: FormData, metadata: any }>}
 */
async function readMultipart(url, method, contentType, raw) {
  let form;
  try {
    form = await new Request(url, { method, headers: { "content-type": contentType }, body: new Uint8Array(raw) }).formData();
  } catch (err) {
    throw new CfError(400, 10006, `Unparseable multipart body: ${/** @type {Error} */ (err).message}`);
  }
  const part = form.get("metadata");
  if (part === null) return { form, metadata: undefined };
  try {
    return { form, metadata: JSON.parse(typeof part === "string" ? part : await part.text()) };
  } catch {
    throw new CfError(400, CODES.malformedJson, "Malformed JSON in the 'metadata' part");
  }
}

/** @param {import("node:http").IncomingMessage} req @returns {Promise<Buffer>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
