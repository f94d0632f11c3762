// Cloudflare answers an application delete 202 and carries it out later: with access.app_delete_holds_policy the deleted
// application is gone from reads at once, while its reusable policy still counts it and refuses a few deletes.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startStack } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack({ access: { app_delete_holds_policy: 2 } });
});
after(async () => s.cf.close());

test("a queued application delete keeps its policy in use for two delete attempts, then lets it go", async () => {
  const policy = (await s.call("POST", `${s.acct}/access/policies`, { json: { name: "Only ada", decision: "allow", include: [{ email: { email: "ada@example.com" } }] } })).body.result;
  const app = (
    await s.call("POST", `${s.acct}/access/apps`, {
      json: {
        name: "gatehouse-mcp",
        type: "saas",
        policies: [{ id: policy.id, precedence: 1 }],
        saas_app: { auth_type: "oidc", redirect_uris: ["http://127.0.0.1:1/callback"], grant_types: ["authorization_code"], scopes: ["openid"] },
      },
    })
  ).body.result;
  assert.equal((await s.call("DELETE", `${s.acct}/access/apps/${app.id}`)).status, 202);
  assert.equal((await s.call("GET", `${s.acct}/access/apps/${app.id}`)).status, 404, "gone from reads at once");
  const early = await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`);
  assert.equal(early.status, 400, "still in use while the delete is queued");
  assert.equal((await s.call("GET", `${s.acct}/access/policies/${policy.id}`)).body.result.app_count, 1);
  assert.equal((await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`)).status, 400);
  assert.equal((await s.call("GET", `${s.acct}/access/policies/${policy.id}`)).body.result.app_count, 0);
  assert.equal((await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`)).status, 202);
  assert.deepEqual(s.cf.violations(), []);
});
