// Shared helpers for the local Cloudflare's tests.
import { readFileSync } from "node:fs";
import { createLocalCloudflare } from "../src/server.mjs";

/** @param {any} [config] @param {Partial<import("../src/server.mjs").Options>} [more] */
export async function startStack(config = {}, more = {}) {
  // LOCAL_CF_VERBOSE=1 shows the stand-in's log and the Workers' console output.
  const log = process.env.LOCAL_CF_VERBOSE ? (/** @type {string} */ l) => process.stderr.write(`local-cloudflare: ${l}\n`) : () => {};
  const cf = await createLocalCloudflare({ config, log, ...more });
  /**
   * Calls the API as a client would.
   * @param {string} method @param {string} path under /client/v4
   * @param {{ json?: any, raw?: string, form?: FormData, token?: string | null, headers?: Record<string,string> }} [o]
   */
  async function call(method, path, o = {}) {
    /** @type {Record<string,string>} */
    const headers = { ...(o.headers || {}) };
    const token = o.token === undefined ? cf.token : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    /** @type {any} */
    let body;
    if (o.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(o.json);
    } else if (o.raw !== undefined) {
      headers["content-type"] ??= "application/json";
      body = o.raw;
    } else if (o.form) body = o.form;
    const res = await fetch(cf.api + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }
  const acct = `/accounts/${cf.account_id}`;
  return { cf, call, acct };
}

const fixtureDir = new URL("./fixtures/worker/", import.meta.url);
/** @returns {{ name: string, type: string, text: string | Uint8Array }[]} */
export const fixtureModules = () => [
  { name: "index.js", type: "application/javascript+module", text: readFileSync(new URL("index.js", fixtureDir), "utf8") },
  { name: "util.js", type: "application/javascript+module", text: readFileSync(new URL("util.js", fixtureDir), "utf8") },
];

/** @param {any} metadata @param {{ name: string, type: string, text: string | Uint8Array }[]} modules */
export function uploadForm(metadata, modules) {
  const form = new FormData();
  form.append("metadata", new Blob([JSON.stringify(metadata)], { type: "application/json" }), "metadata.json");
  for (const m of modules) form.append(m.name, new Blob([typeof m.text === "string" ? m.text : new Uint8Array(m.text)], { type: m.type }), m.name);
  return form;
}

/** Metadata for the fixture Worker, as the provisioning engine sends it. @param {string} kvId @param {any} [extra] */
export function fixtureMetadata(kvId, extra = {}) {
  return {
    main_module: "index.js",
    compatibility_date: "2025-09-01",
    compatibility_flags: ["nodejs_compat"],
    bindings: [
      { type: "kv_namespace", name: "KV", namespace_id: kvId },
      { type: "durable_object_namespace", name: "COUNTER", class_name: "Counter" },
      { type: "plain_text", name: "GREETING", text: "hi" },
      { type: "secret_text", name: "FIRST_SECRET", text: "one" },
    ],
    migrations: { new_tag: "v1", new_sqlite_classes: ["Counter"] },
    ...extra,
  };
}
