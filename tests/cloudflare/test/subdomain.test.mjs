// Choosing another workers.dev subdomain moves every Worker of the account: the old address stops answering and
// the subdomain operation names the new one.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fixtureMetadata, fixtureModules, startStack, uploadForm } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack();
});
after(async () => s.cf.close());

test("a renamed subdomain moves the Worker to a new origin and the old one stops answering", async () => {
  const kvId = (await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "KV" } })).body.result.id;
  const put = await s.call("PUT", `${s.acct}/workers/scripts/mcp`, { form: uploadForm(fixtureMetadata(kvId), fixtureModules()) });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  await s.call("POST", `${s.acct}/workers/scripts/mcp/subdomain`, { json: { enabled: true } });
  const before = /** @type {string} */ (s.cf.workerUrl("mcp"));
  assert.equal((await fetch(before + "/")).status, 200);

  const res = await fetch(`${s.cf.origin}/__local/subdomain`, { method: "POST", body: JSON.stringify({ subdomain: "renamed" }) });
  const moved = await res.json();
  assert.equal(res.status, 200);
  const now = /** @type {string} */ (s.cf.workerUrl("mcp"));
  assert.equal(moved.moved.mcp, now);
  assert.notEqual(now, before);
  assert.equal((await fetch(now + "/")).status, 200, "the Worker answers at its new address");
  await assert.rejects(fetch(before + "/"), "the old address no longer answers");
  const sub = await s.call("GET", `${s.acct}/workers/subdomain`);
  assert.equal(sub.body.result.subdomain, "renamed");
  const info = await (await fetch(`${s.cf.origin}/__local/workers/mcp`)).json();
  assert.equal(info.workers_dev, "https://mcp.renamed.workers.dev");
  assert.deepEqual(s.cf.violations(), []);
});
