// Dashboard edits for tests (POST /__local/break): what the API reads afterwards is what the dashboard would have
// left, and the answers still match the contract.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fixtureMetadata, fixtureModules, startStack, uploadForm } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack();
});
after(async () => s.cf.close());

/** @param {any} body */
async function brk(body) {
  const res = await fetch(`${s.cf.origin}/__local/break`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

test("a secret deleted, workers.dev turned off: the reads say so", async () => {
  const kvId = (await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "KV" } })).body.result.id;
  await s.call("PUT", `${s.acct}/workers/scripts/mcp`, { form: uploadForm(fixtureMetadata(kvId), fixtureModules()) });
  await s.call("POST", `${s.acct}/workers/scripts/mcp/subdomain`, { json: { enabled: true } });
  assert.equal((await brk({ what: "delete-secret", script: "mcp", name: "FIRST_SECRET" })).status, 200);
  const secrets = await s.call("GET", `${s.acct}/workers/scripts/mcp/secrets`);
  assert.deepEqual(secrets.body.result, []);
  assert.equal((await brk({ what: "delete-secret", script: "mcp", name: "FIRST_SECRET" })).status, 400, "no such secret any more");

  await brk({ what: "workers-dev", script: "mcp", enabled: false });
  const sub = await s.call("GET", `${s.acct}/workers/scripts/mcp/subdomain`);
  assert.equal(sub.body.result.enabled, false);
  assert.equal((await fetch(`${s.cf.workerUrl("mcp")}/`)).status, 404, "nothing answers at the address");
  assert.deepEqual(s.cf.violations(), []);
});

test("an application and a policy edited, a permission revoked", async () => {
  const policy = (await s.call("POST", `${s.acct}/access/policies`, { json: { name: "team", decision: "allow", include: [{ email: { email: "a@b.c" } }] } })).body.result;
  const app = (
    await s.call("POST", `${s.acct}/access/apps`, {
      json: {
        name: "app",
        type: "saas",
        policies: [{ id: policy.id, precedence: 1 }],
        saas_app: { auth_type: "oidc", redirect_uris: ["https://w.example/callback"], grant_types: ["authorization_code_with_pkce", "refresh_tokens"] },
      },
    })
  ).body.result;
  await brk({ what: "edit-app", app_id: app.id, redirect_uris: ["https://w.example/callback", "https://x.example/cb"], grant_types: ["authorization_code"], policies: [] });
  const read = (await s.call("GET", `${s.acct}/access/apps/${app.id}`)).body.result;
  assert.deepEqual(read.saas_app.redirect_uris, ["https://w.example/callback", "https://x.example/cb"]);
  assert.deepEqual(read.saas_app.grant_types, ["authorization_code"]);
  assert.deepEqual(read.policies, []);

  await brk({ what: "edit-policy", policy_id: policy.id, include: [{ email_domain: { domain: "d.e" } }] });
  const rules = (await s.call("GET", `${s.acct}/access/policies/${policy.id}`)).body.result.include;
  assert.deepEqual(rules, [{ email_domain: { domain: "d.e" } }]);

  await brk({ what: "token-permissions", permissions: ["Access: Apps and Policies Read"] });
  assert.equal((await s.call("GET", `${s.acct}/storage/kv/namespaces`)).status, 403);
  assert.equal((await s.call("GET", `${s.acct}/access/policies/${policy.id}`)).status, 200);
  assert.equal((await brk({ what: "nonsense" })).status, 400);
  assert.deepEqual(s.cf.violations(), []);
});
