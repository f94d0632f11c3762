// Uploaded Worker scripts, really running in workerd through Miniflare: one Miniflare per script, its KV data kept
// per namespace id and its Durable Object data per script under one persistence root. Each script is served at its
// own loopback origin (a stable port per script name) that stands for https://<script>.<subdomain>.workers.dev.
import { createServer } from "node:http";
import { Readable } from "node:stream";
import { join } from "node:path";
import { Miniflare } from "miniflare";

const MODULE_TYPES = /** @type {Record<string, string>} */ ({
  "application/javascript+module": "ESModule",
  "text/javascript+module": "ESModule",
  "application/javascript": "CommonJS",
  "text/javascript": "CommonJS",
  "application/wasm": "CompiledWasm",
  "text/plain": "Text",
  "application/octet-stream": "Data",
});

/** @param {string} contentType @returns {string | null} Miniflare module type; null = not a module (source map) */
export function moduleType(contentType) {
  const ct = contentType.split(";")[0].trim().toLowerCase();
  if (ct === "application/source-map") return null;
  return MODULE_TYPES[ct] ?? "__unsupported__";
}

/**
 * What a deployed version needs to run.
 * @typedef {object} RunSpec
 * @property {string} mainModule
 * @property {{ name: string, type: string, contents: Uint8Array }[]} modules
 * @property {string} compatibilityDate
 * @property {string[]} compatibilityFlags
 * @property {Record<string, string>} text        plain_text and secret_text bindings
 * @property {Record<string, string>} kv          binding name -> namespace id
 * @property {Record<string, { className: string, useSQLite: boolean }>} durableObjects
 */

/**
 * @typedef {object} Entry
 * @property {Miniflare | null} mf
 * @property {import("node:http").Server} server
 * @property {number} port
 * @property {boolean} enabled     workers.dev route enabled (POST …/subdomain)
 * @property {boolean} running
 * @property {any} options         the Miniflare options now running (restored when a new version fails)
 * @property {RunSpec | null} pending  staged configuration, applied before the next request
 */

const HOP_BY_HOP = new Set(["host", "connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer"]);

export class WorkerHost {
  /** @param {{ host: string, persistRoot: string, log: (line: string) => void }} opts */
  constructor(opts) {
    this.host = opts.host;
    this.log = opts.log;
    /** @type {Map<string, Promise<unknown>>} */
    this.queue = new Map();
    /** @type {Map<string, string[]>} runtime output of each script since its last deploy began */
    this.output = new Map();
    this.persistRoot = opts.persistRoot;
    /** @type {Map<string, Entry>} */
    this.scripts = new Map();
  }

  /** @param {string} name @param {RunSpec} spec */
  options(name, spec) {
    const root = `/${name}`;
    const main = spec.modules.find((m) => m.name === spec.mainModule);
    const ordered = [main, ...spec.modules.filter((m) => m.name !== spec.mainModule)];
    return {
      name,
      modules: ordered.map((m) => ({ type: /** @type {any} */ (m?.type), path: `${root}/${m?.name}`, contents: m?.contents })),
      modulesRoot: root,
      compatibilityDate: spec.compatibilityDate,
      compatibilityFlags: spec.compatibilityFlags,
      bindings: spec.text,
      kvNamespaces: spec.kv,
      durableObjects: spec.durableObjects,
      kvPersist: join(this.persistRoot, "kv"),
      durableObjectsPersist: join(this.persistRoot, "do", name),
      host: "127.0.0.1",
      port: 0,
      handleRuntimeStdio: (/** @type {Readable} */ out, /** @type {Readable} */ err) => {
        const take = (/** @type {Buffer} */ d) => {
          const text = String(d).trimEnd();
          this.output.get(name)?.push(text);
          this.log(`[worker ${name}] ${text}`);
        };
        out.on("data", take);
        err.on("data", take);
      },
    };
  }

  /**
   * Starts or reconfigures a script. On failure the previous version keeps running and the error is thrown.
   * @param {string} name @param {RunSpec} spec @param {number} [preferredPort]
   * @returns {Promise<{ startupMs: number, port: number }>}
   */
  deploy(name, spec, preferredPort) {
    const e = this.scripts.get(name);
    if (e) e.pending = null;
    return this.#enqueue(name, spec, preferredPort);
  }

  /**
   * A configuration change that cannot fail to start (a new secret value): applied before the script's next
   * request, so that several secret PUTs in a row cost one workerd restart. A script that is not running picks the
   * change up at its next deploy, from the state.
   * @param {string} name @param {RunSpec} spec
   */
  stage(name, spec) {
    const e = this.scripts.get(name);
    if (e?.running) e.pending = spec;
  }

  /** @param {string} name @param {RunSpec} spec @param {number} [preferredPort] */
  #enqueue(name, spec, preferredPort) {
    // One change at a time per script: concurrent uploads and secret PUTs apply in arrival order.
    const prev = this.queue.get(name) || Promise.resolve();
    const next = prev.catch(() => {}).then(() => this.#deploy(name, spec, preferredPort));
    this.queue.set(name, next);
    return next;
  }

  /** @param {string} name @param {RunSpec} spec @param {number} [preferredPort] */
  async #deploy(name, spec, preferredPort) {
    const t0 = Date.now();
    const entry = this.scripts.get(name) ?? (await this.#listen(name, preferredPort));
    const opts = this.options(name, spec);
    this.output.set(name, []);
    if (entry.mf && entry.running) {
      const previous = entry.options;
      try {
        await entry.mf.setOptions(/** @type {any} */ (opts));
        await entry.mf.ready;
        await this.#checkStartup(name, spec);
      } catch (err) {
        await entry.mf.setOptions(/** @type {any} */ (previous)).catch(() => {});
        throw err;
      }
    } else {
      const mf = new Miniflare(/** @type {any} */ (opts));
      try {
        await mf.ready;
        await this.#checkStartup(name, spec);
      } catch (err) {
        await mf.dispose().catch(() => {});
        throw err;
      }
      entry.mf = mf;
      entry.running = true;
    }
    entry.options = opts;
    return { startupMs: Date.now() - t0, port: entry.port };
  }

  /**
   * workerd only warns when a Durable Object binding names a class the script does not export; Cloudflare refuses
   * such an upload. The warning is printed while the config loads, so it is in the output by now (a short grace
   * lets the pipe drain).
   * @param {string} name @param {RunSpec} spec
   */
  async #checkStartup(name, spec) {
    if (!Object.keys(spec.durableObjects).length) return;
    await new Promise((r) => setTimeout(r, 50));
    const text = (this.output.get(name) || []).join("\n");
    const m = /referenced the class "([^"]+)", but no such Durable Object class is exported/.exec(text);
    if (m) throw new Error(`Durable Object class '${m[1]}' is not exported by the Worker's main module`);
  }

  /** @param {string} name @param {boolean} enabled */
  setEnabled(name, enabled) {
    const e = this.scripts.get(name);
    if (e) e.enabled = enabled;
  }

  /** Stops the script; its port stays reserved and answers 404 like an unknown workers.dev host. @param {string} name */
  async remove(name) {
    const e = this.scripts.get(name);
    if (!e) return;
    e.running = false;
    e.enabled = false;
    e.pending = null;
    await this.queue.get(name)?.catch(() => {});
    const mf = e.mf;
    e.mf = null;
    await mf?.dispose();
  }

  /**
   * Serves the script at a new loopback origin and closes the old one, as a changed workers.dev subdomain moves
   * https://<script>.<subdomain>.workers.dev: the old address stops answering. Returns the new port, or null.
   * @param {string} name
   */
  async move(name) {
    const e = this.scripts.get(name);
    if (!e) return null;
    const old = e.server;
    const server = createServer((req, res) => void this.serve(name, req, res, `http://${this.host}:${e.port}`));
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, this.host, () => (server.off("error", reject), resolve(undefined)));
    });
    e.server = server;
    e.port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
    old.closeAllConnections();
    await new Promise((r) => old.close(() => r(undefined)));
    return e.port;
  }

  /** @param {string} name */
  url(name) {
    const e = this.scripts.get(name);
    return e ? `http://${this.host}:${e.port}` : null;
  }

  /** @param {string} name */
  info(name) {
    const e = this.scripts.get(name);
    return e ? { url: `http://${this.host}:${e.port}`, port: e.port, running: e.running, enabled: e.enabled } : null;
  }

  /** Answers a request for script `name` as its workers.dev origin would. */
  async serve(/** @type {string} */ name, /** @type {import("node:http").IncomingMessage} */ req, /** @type {import("node:http").ServerResponse} */ res, /** @type {string} */ origin) {
    const e = this.scripts.get(name);
    if (!e || !e.running || !e.enabled || !e.mf) {
      res.writeHead(404, { "content-type": "text/plain" }).end("There is nothing here yet\n");
      return;
    }
    if (e.pending) {
      const spec = e.pending;
      e.pending = null;
      this.#enqueue(name, spec).catch((err) => this.log(`worker ${name} did not restart: ${err.message}`));
    }
    await this.queue.get(name)?.catch(() => {});
    if (!e.mf) {
      res.writeHead(404, { "content-type": "text/plain" }).end("There is nothing here yet\n");
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (HOP_BY_HOP.has(k) || v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    try {
      const upstream = await e.mf.dispatchFetch(origin + (req.url || "/"), {
        method: req.method,
        headers: /** @type {any} */ (headers),
        body: hasBody ? /** @type {any} */ (Readable.toWeb(req)) : undefined,
        duplex: hasBody ? "half" : undefined,
        redirect: "manual",
      });
      /** @type {Record<string, string | string[]>} */
      const out = {};
      upstream.headers.forEach((v, k) => {
        if (k === "set-cookie" || k === "content-length" || k === "content-encoding" || HOP_BY_HOP.has(k)) return;
        out[k] = v;
      });
      const cookies = upstream.headers.getSetCookie();
      if (cookies.length) out["set-cookie"] = cookies;
      res.writeHead(upstream.status, out);
      res.flushHeaders();
      if (!upstream.body) return void res.end();
      Readable.fromWeb(/** @type {any} */ (upstream.body)).on("error", () => res.destroy()).pipe(res);
    } catch (err) {
      this.log(`worker ${name} failed: ${/** @type {Error} */ (err).stack}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Worker threw exception\n");
    }
  }

  /** @param {string} name @param {number} [preferredPort] */
  async #listen(name, preferredPort) {
    /** @type {Entry} */
    const entry = { mf: null, server: /** @type {any} */ (null), port: 0, enabled: false, running: false, options: null, pending: null };
    const server = createServer((req, res) => void this.serve(name, req, res, `http://${this.host}:${entry.port}`));
    const tryListen = (/** @type {number} */ port) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, this.host, () => (server.off("error", reject), resolve(undefined)));
      });
    try {
      await tryListen(preferredPort || 0);
    } catch {
      await tryListen(0);
    }
    entry.server = server;
    entry.port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
    this.scripts.set(name, entry);
    return entry;
  }

  async close() {
    const all = [...this.scripts.values()];
    this.scripts.clear();
    await Promise.all(
      all.map(async (e) => {
        e.server.closeAllConnections();
        await new Promise((r) => e.server.close(() => r(undefined)));
        await e.mf?.dispose().catch(() => {});
      }),
    );
  }
}
