// Uploaded Workers really run in workerd (Miniflare) with their KV, Durable Objects and secrets.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureMetadata, fixtureModules, startStack, uploadForm } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
/** @type {string} */
let kvId;
before(async () => {
  s = await startStack();
  kvId = (await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "OAUTH_KV" } })).body.result.id;
});
after(async () => s.cf.close());

const put = (/** @type {string} */ name, /** @type {any} */ metadata, modules = fixtureModules(), query = "") =>
  s.call("PUT", `${s.acct}/workers/scripts/${name}${query}`, { form: uploadForm(metadata, modules) });
const get = async (/** @type {string} */ name, /** @type {string} */ path, /** @type {RequestInit} */ init = {}) => {
  const url = s.cf.workerUrl(name);
  assert.ok(url, `no loopback URL for ${name}`);
  return fetch(url + path, init);
};

describe("what Cloudflare refuses and accepts on an upload", () => {
  after(async () => {
    for (const name of ["tagged", "std", "std-default"]) await s.call("DELETE", `${s.acct}/workers/scripts/${name}?force=true`);
  });
  test("a migration sent again is refused with Cloudflare's error; old_tag moves the script on", async () => {
    assert.equal((await put("tagged", fixtureMetadata(kvId))).status, 200);
    const again = await put("tagged", fixtureMetadata(kvId));
    assert.equal(again.status, 400, "the same migration twice");
    assert.equal(again.body.errors[0].code, 10079);
    assert.equal(again.body.errors[0].message, "Migration tag precondition failed; current tag is v1");
    assert.equal((await put("tagged", fixtureMetadata(kvId, { migrations: undefined }))).status, 200, "no migration: fine");
    const next = await put("tagged", fixtureMetadata(kvId, { migrations: { old_tag: "v1", new_tag: "v2" } }));
    assert.equal(next.status, 200, JSON.stringify(next.body));
    const stale = await put("tagged", fixtureMetadata(kvId, { migrations: { old_tag: "v1", new_tag: "v3" } }));
    assert.equal(stale.status, 400);
    assert.equal(stale.body.errors[0].message, "Migration tag precondition failed; current tag is v2");
  });
  test("usage_model standard, bindings_inherit and excludeScript are accepted", async () => {
    const r = await put("std", fixtureMetadata(kvId, { usage_model: "standard" }), fixtureModules(), "?bindings_inherit=strict&excludeScript=true");
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.result.usage_model, "standard");
    assert.equal((await put("std-default", fixtureMetadata(kvId))).body.result.usage_model, "standard", "what Cloudflare answers now");
    // An inherit binding the previous version lacks: dropped, unless bindings_inherit=strict.
    const base = fixtureMetadata(kvId, { migrations: undefined });
    const inherit = { ...base, bindings: [...base.bindings, { type: "inherit", name: "GONE" }] };
    assert.equal((await put("std", inherit)).status, 200);
    const strict = await put("std", inherit, fixtureModules(), "?bindings_inherit=strict");
    assert.equal(strict.status, 400);
  });
  test("changes of one script that overlap are refused with 429; one after another they pass", async () => {
    const secret = (/** @type {number} */ n) => ({ json: { name: `S${n}`, type: "secret_text", text: "x" } });
    const together = await Promise.all([1, 2, 3].map((n) => s.call("PUT", `${s.acct}/workers/scripts/std/secrets`, secret(n))));
    const statuses = together.map((r) => r.status);
    assert.ok(statuses.includes(200) && statuses.includes(429), String(statuses));
    const refused = together.find((r) => r.status === 429);
    assert.equal(refused?.body.errors[0].message, "Too many requests are currently modifying the script.");
    for (const n of [4, 5, 6]) assert.equal((await s.call("PUT", `${s.acct}/workers/scripts/std/secrets`, secret(n))).status, 200);
    // Another script is not held up by this one's change.
    const [a, b] = await Promise.all([
      s.call("PUT", `${s.acct}/workers/scripts/std/secrets`, secret(7)),
      s.call("PUT", `${s.acct}/workers/scripts/std-default/secrets`, secret(7)),
    ]);
    assert.deepEqual([a.status, b.status], [200, 200]);
  });
});

describe("a deployed fixture Worker", () => {
  test("upload answers 200 with the script's details", async () => {
    const t0 = Date.now();
    const r = await put("mcp", fixtureMetadata(kvId));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.result.id, "mcp");
    assert.match(r.body.result.etag, /^[0-9a-f]{64}$/);
    assert.ok(r.body.result.startup_time_ms >= 0);
    console.log(`upload took ${Date.now() - t0} ms`);
  });
  test("it is not on workers.dev until the subdomain is enabled", async () => {
    assert.equal((await get("mcp", "/")).status, 404);
    const r = await s.call("POST", `${s.acct}/workers/scripts/mcp/subdomain`, { json: { enabled: true } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result, { enabled: true, previews_enabled: false });
    const res = await get("mcp", "/");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "hello from the fixture Worker");
  });
  test("the extension endpoint reports the loopback origin", async () => {
    const info = await (await fetch(`${s.cf.origin}/__local/workers/mcp`)).json();
    assert.equal(info.url, s.cf.workerUrl("mcp"));
    assert.equal(info.workers_dev, "https://mcp.gatehouse-local.workers.dev");
    const all = await (await fetch(`${s.cf.origin}/__local/workers`)).json();
    assert.equal(all.mcp.url, info.url);
    const seen = await (await get("mcp", "/url?x=1")).json();
    assert.equal(seen.url, `${info.url}/url?x=1`);
  });
  test("KV, the SQLite Durable Object and bindings work", async () => {
    assert.equal((await get("mcp", "/kv?key=a", { method: "PUT", body: "b" })).status, 200);
    assert.deepEqual(await (await get("mcp", "/kv?key=a")).json(), { value: "b" });
    assert.deepEqual(await (await get("mcp", "/count")).json(), { n: 1 });
    assert.deepEqual(await (await get("mcp", "/count")).json(), { n: 2 });
    assert.deepEqual(await (await get("mcp", "/env?name=GREETING")).json(), { value: "hi" });
    assert.deepEqual(await (await get("mcp", "/env?name=FIRST_SECRET")).json(), { value: "one" });
  });
  test("the Worker reaches loopback services such as the Access stand-in", async () => {
    const res = await get("mcp", `/fetch?url=${encodeURIComponent(`${s.cf.origin}/__local/health`)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });
  test("a secret PUT takes effect, and its value is never returned", async () => {
    const r = await s.call("PUT", `${s.acct}/workers/scripts/mcp/secrets`, { json: { name: "COOKIE_KEY", type: "secret_text", text: "s3cret" } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result, { name: "COOKIE_KEY", type: "secret_text" });
    assert.deepEqual(await (await get("mcp", "/env?name=COOKIE_KEY")).json(), { value: "s3cret" });
    await s.call("PUT", `${s.acct}/workers/scripts/mcp/secrets`, { json: { name: "COOKIE_KEY", type: "secret_text", text: "rotated" } });
    assert.deepEqual(await (await get("mcp", "/env?name=COOKIE_KEY")).json(), { value: "rotated" });
    // KV and Durable Object data survive the reconfiguration.
    assert.deepEqual(await (await get("mcp", "/kv?key=a")).json(), { value: "b" });
    assert.deepEqual(await (await get("mcp", "/count")).json(), { n: 3 });
    const state = await (await fetch(`${s.cf.origin}/__local/state`)).json();
    assert.equal(JSON.stringify(state).includes("rotated"), false);
  });
  test("read back: secret names, settings without values, the workers.dev state", async () => {
    const secrets = await s.call("GET", `${s.acct}/workers/scripts/mcp/secrets`);
    assert.equal(secrets.status, 200);
    assert.ok(secrets.body.result.some((/** @type {any} */ x) => x.name === "COOKIE_KEY" && x.type === "secret_text"));
    assert.equal(JSON.stringify(secrets.body).includes("rotated"), false);
    const settings = await s.call("GET", `${s.acct}/workers/scripts/mcp/settings`);
    assert.equal(settings.status, 200);
    assert.ok(settings.body.result.bindings.some((/** @type {any} */ b) => b.type === "kv_namespace" && b.namespace_id === kvId));
    assert.ok(settings.body.result.bindings.some((/** @type {any} */ b) => b.name === "COOKIE_KEY"));
    assert.equal(JSON.stringify(settings.body).includes("rotated"), false, "a secret's value never comes back");
    assert.deepEqual((await s.call("GET", `${s.acct}/workers/scripts/mcp/subdomain`)).body.result, { enabled: true, previews_enabled: false });
    for (const leaf of ["secrets", "settings", "subdomain"]) {
      const missing = await s.call("GET", `${s.acct}/workers/scripts/missing/${leaf}`);
      assert.equal(missing.status, 404, leaf);
      assert.equal(missing.body.errors[0].code, 10007, leaf);
    }
  });
  test("a re-upload keeps secrets with keep_bindings, drops them without", async () => {
    const keep = fixtureMetadata(kvId, { keep_bindings: ["secret_text"], migrations: undefined });
    assert.equal((await put("mcp", keep)).status, 200);
    assert.deepEqual(await (await get("mcp", "/env?name=COOKIE_KEY")).json(), { value: "rotated" });
    assert.equal((await get("mcp", "/")).status, 200, "the subdomain setting survives a re-upload");
    assert.equal((await put("mcp", fixtureMetadata(kvId, { migrations: undefined }))).status, 200);
    assert.deepEqual(await (await get("mcp", "/env?name=COOKIE_KEY")).json(), { value: null });
  });
  test("a script that fails to start is refused and the running version stays", async () => {
    const broken = [{ name: "index.js", type: "application/javascript+module", text: "export default { fetch( }" }];
    const r = await put("mcp", { main_module: "index.js", compatibility_date: "2025-09-01" }, broken);
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].code, 10021);
    assert.equal((await get("mcp", "/")).status, 200);
  });
  test("upload errors: bad metadata, unknown KV namespace, DO class without migration", async () => {
    const noNs = await put("other", { main_module: "index.js", bindings: [{ type: "kv_namespace", name: "KV" }] });
    assert.equal(noNs.status, 400);
    assert.equal(noNs.body.errors[0].code, 10001);
    const unknownNs = await put("other", fixtureMetadata("0".repeat(32)));
    assert.equal(unknownNs.status, 400);
    const noMigration = await put("other", fixtureMetadata(kvId, { migrations: undefined }));
    assert.equal(noMigration.status, 400);
    assert.match(noMigration.body.errors[0].message, /migration/);
    const wrongClass = await put("other", {
      ...fixtureMetadata(kvId),
      bindings: [{ type: "durable_object_namespace", name: "COUNTER", class_name: "Nope" }],
      migrations: { new_tag: "v1", new_sqlite_classes: ["Nope"] },
    });
    assert.equal(wrongClass.status, 400);
    assert.match(wrongClass.body.errors[0].message, /'Nope' is not exported/);
    const missingMain = await put("other", { ...fixtureMetadata(kvId), main_module: "nope.js" });
    assert.equal(missingMain.status, 400);
    const badName = await put("Bad.Name", fixtureMetadata(kvId));
    assert.equal(badName.status, 400);
  });
  test("delete needs force=true for a script with Durable Objects; then the origin answers 404", async () => {
    const refused = await s.call("DELETE", `${s.acct}/workers/scripts/mcp`);
    assert.equal(refused.status, 400);
    const r = await s.call("DELETE", `${s.acct}/workers/scripts/mcp?force=true`, { json: {} });
    assert.equal(r.status, 200);
    assert.equal((await get("mcp", "/")).status, 404);
    assert.equal((await s.call("DELETE", `${s.acct}/workers/scripts/mcp?force=true`)).status, 404);
    const state = await (await fetch(`${s.cf.origin}/__local/state`)).json();
    assert.deepEqual(state.scripts, []);
  });
});

// The real MCP server bundle, once server/ has been built (`npm run build` in server/).
const dist = fileURLToPath(new URL("../../../server/dist/", import.meta.url));
const manifestFile = `${dist}manifest.json`;
test("the real server bundle deploys and answers", { skip: !existsSync(manifestFile) && "server/dist not built" }, async () => {
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  // Client ID Metadata Documents need it; the upload below must accept it.
  assert.ok(manifest.compatibility_flags.includes("global_fetch_strictly_public"), JSON.stringify(manifest.compatibility_flags));
  const modules = readdirSync(dist, { recursive: true })
    .map(String)
    .filter((f) => /\.(m?js|wasm)$/.test(f))
    .map((f) => ({ name: f, type: f.endsWith(".wasm") ? "application/wasm" : "application/javascript+module", text: readFileSync(dist + f) }));
  // The metadata as the provisioning engine builds it from the manifest.
  const metadata = {
    main_module: manifest.main_module,
    compatibility_date: manifest.compatibility_date,
    compatibility_flags: manifest.compatibility_flags,
    bindings: manifest.bindings.map((/** @type {any} */ b) => (b.type === "kv_namespace" ? { ...b, namespace_id: kvId } : b)),
    migrations: manifest.migrations,
    keep_bindings: manifest.keep_bindings,
  };
  const t0 = Date.now();
  const r = await put(manifest.script_name, metadata, modules);
  console.log(`server bundle upload took ${Date.now() - t0} ms`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await s.call("POST", `${s.acct}/workers/scripts/${manifest.script_name}/subdomain`, { json: { enabled: true } });
  for (const name of manifest.secrets) {
    const put = await s.call("PUT", `${s.acct}/workers/scripts/${manifest.script_name}/secrets`, { json: { name, type: "secret_text", text: `local-${name}` } });
    assert.equal(put.status, 200);
  }
  // An MCP request without a token gets the OAuth challenge.
  const res = await get(manifest.script_name, "/mcp", { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: "{}" });
  const text = await res.text();
  assert.equal(res.status, 401, text);
  const www = res.headers.get("www-authenticate") || "";
  assert.match(www, /^Bearer /);
  // RFC 9728 metadata names the loopback origin: the Worker sees the URL the stand-in serves it at.
  const metadataUrl = /resource_metadata="([^"]+)"/.exec(www)?.[1] || "";
  assert.ok(metadataUrl.startsWith(s.cf.workerUrl(manifest.script_name) || "?"), metadataUrl);
  const prm = await (await fetch(metadataUrl)).json();
  assert.equal(prm.resource, `${s.cf.workerUrl(manifest.script_name)}/mcp`);
});
