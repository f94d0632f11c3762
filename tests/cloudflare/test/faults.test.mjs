// Faults by configuration, state kept on disk, and the CLI's contract (one JSON line, foreground, dying).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureMetadata, fixtureModules, startStack, uploadForm } from "./helpers.mjs";

const CLI = fileURLToPath(new URL("../src/cli.mjs", import.meta.url));

describe("faults", () => {
  /** @type {Awaited<ReturnType<typeof startStack>>} */
  let s;
  before(async () => {
    s = await startStack({ faults: [{ operation: "worker-subdomain-get-subdomain", status: 503, times: 1 }] });
  });
  after(async () => s.cf.close());

  test("from the config: a 503 once, then normal answers", async () => {
    const r = await s.call("GET", `${s.acct}/workers/subdomain`);
    assert.equal(r.status, 503);
    assert.equal(r.body.success, false);
    assert.equal((await s.call("GET", `${s.acct}/workers/subdomain`)).status, 200);
  });

  describe("added over HTTP", () => {
    beforeEach(async () => s.cf.reset());
    const addFault = (/** @type {any} */ f) => fetch(`${s.cf.origin}/__local/faults`, { method: "POST", body: JSON.stringify(f) });

    test("429 with Retry-After on the secret PUT, after the first call", async () => {
      assert.equal((await addFault({ operation: "worker-put-script-secret", status: 429, retry_after: 2, after: 1, times: 1 })).status, 200);
      const body = { json: { name: "A", type: "secret_text", text: "x" } };
      assert.equal((await s.call("PUT", `${s.acct}/workers/scripts/nope/secrets`, body)).status, 404, "first call passes through");
      const limited = await s.call("PUT", `${s.acct}/workers/scripts/nope/secrets`, body);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get("retry-after"), "2");
      assert.equal(limited.body.errors[0].code, 971);
      assert.equal((await s.call("PUT", `${s.acct}/workers/scripts/nope/secrets`, body)).status, 404);
    });
    test("a path pattern with a 500, and a slow answer", async () => {
      await addFault([{ path: "/storage/kv/", method: "POST", status: 500 }, { operation: "worker-subdomain-get-subdomain", delay_ms: 300 }]);
      assert.equal((await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "x" } })).status, 500);
      const t0 = Date.now();
      assert.equal((await s.call("GET", `${s.acct}/workers/subdomain`)).status, 200);
      assert.ok(Date.now() - t0 >= 290);
      await fetch(`${s.cf.origin}/__local/faults`, { method: "DELETE" });
      assert.equal((await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "x" } })).status, 200);
    });
    test("carried out, then the answer is lost: a 502, or the connection cut", async () => {
      await addFault([{ path: "/storage/kv/namespaces$", method: "POST", carry_out: true, status: 502, times: 1 }]);
      const lost = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "made" } });
      assert.equal(lost.status, 502);
      assert.equal(lost.body.success, false);
      await addFault([{ operation: "access-policies-create-an-access-reusable-policy", carry_out: true, drop: true, times: 1 }]);
      const policy = { name: "p", decision: "allow", include: [{ everyone: {} }] };
      await assert.rejects(s.call("POST", `${s.acct}/access/policies`, { json: policy }));
      const state = await (await fetch(`${s.cf.origin}/__local/state`)).json();
      assert.deepEqual(state.kv_namespaces.map((/** @type {any} */ n) => n.title), ["made"], "the create was carried out");
      assert.equal(state.policies.length, 1, "so was the dropped one");
    });
    test("the call log and state show what was created", async () => {
      await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "once" } });
      await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "once" } });
      const calls = await (await fetch(`${s.cf.origin}/__local/calls`)).json();
      assert.deepEqual(calls.map((/** @type {any} */ c) => c.status), [200, 400]);
      const state = await (await fetch(`${s.cf.origin}/__local/state`)).json();
      assert.equal(state.kv_namespaces.length, 1);
    });
  });
});

/** Starts the CLI and reads its JSON line. @param {string[]} args */
async function startCli(args) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`CLI exited ${code}: ${stderr}`)));
  });
  const info = JSON.parse(/** @type {string} */ (first));
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  /** @param {string} method @param {string} path @param {any} [init] */
  const call = (method, path, init = {}) => fetch(info.api + path, { method, ...init, headers: { authorization: `Bearer ${info.token}`, ...(init.headers || {}) } });
  return { child, info, exited, call };
}

describe("the CLI", () => {
  /** @type {string} */
  let dir;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "local-cf-test-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("prints one JSON line, keeps state in a file across restarts, stops on SIGTERM", async () => {
    const stateFile = join(dir, "state.json");
    const a = await startCli(["--state", stateFile]);
    assert.match(a.info.api, /^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    assert.ok(a.info.token && a.info.account_id && a.info.access);
    const acct = `/accounts/${a.info.account_id}`;
    const ns = await (await a.call("POST", `${acct}/storage/kv/namespaces`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "OAUTH_KV" }) })).json();
    const up = await a.call("PUT", `${acct}/workers/scripts/mcp`, { body: uploadForm(fixtureMetadata(ns.result.id), fixtureModules()) });
    assert.equal(up.status, 200);
    await a.call("POST", `${acct}/workers/scripts/mcp/subdomain`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true }) });
    const w = await (await fetch(`${a.info.local}/workers/mcp`)).json();
    assert.equal((await fetch(`${w.url}/kv?key=k`, { method: "PUT", body: "kept" })).status, 200);
    a.child.kill("SIGTERM");
    assert.equal(await a.exited, 143);

    const b = await startCli(["--state", stateFile]);
    try {
      assert.equal(b.info.token, a.info.token);
      assert.equal(b.info.account_id, a.info.account_id);
      const w2 = await (await fetch(`${b.info.local}/workers/mcp`)).json();
      assert.deepEqual(await (await fetch(`${w2.url}/kv?key=k`)).json(), { value: "kept" });
      assert.deepEqual(await (await fetch(`${w2.url}/count`)).json(), { n: 1 });
    } finally {
      b.child.kill("SIGTERM");
      await b.exited;
    }
  });

  test("die_after_calls: the process exits after N API calls", async () => {
    const config = join(dir, "die.json");
    writeFileSync(config, JSON.stringify({ die_after_calls: 2 }));
    const c = await startCli(["--config", config]);
    assert.equal((await c.call("GET", "/user/tokens/verify")).status, 200);
    assert.equal((await c.call("GET", "/accounts")).status, 200);
    await assert.rejects(c.call("GET", "/accounts"));
    assert.equal(await c.exited, 75);
  });
});
