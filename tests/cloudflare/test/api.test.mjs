// The Cloudflare API operations: envelope, status codes, validation, permissions, pagination.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startStack } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack({ accounts: 12 });
});
after(async () => s.cf.close());
beforeEach(async () => s.cf.reset());

const envelope = (/** @type {any} */ body) => assert.deepEqual(Object.keys(body).sort().filter((k) => k !== "result_info"), ["errors", "messages", "result", "success"]);
const POLICY = { name: "Only ada", decision: "allow", include: [{ email: { email: "ada@example.com" } }] };
const appBody = (/** @type {string} */ policyId) => ({
  name: "gatehouse-mcp",
  type: "saas",
  policies: [{ id: policyId, precedence: 1 }],
  saas_app: {
    auth_type: "oidc",
    redirect_uris: ["http://127.0.0.1:1/callback"],
    grant_types: ["authorization_code_with_pkce", "refresh_tokens"],
    scopes: ["openid", "email", "profile"],
  },
});

describe("tokens", () => {
  test("verify answers for a valid token", async () => {
    const r = await s.call("GET", "/user/tokens/verify");
    assert.equal(r.status, 200);
    envelope(r.body);
    assert.equal(r.body.result.status, "active");
  });
  test("unknown token: 401; no header: 400; not a bearer: 400", async () => {
    const r = await s.call("GET", "/user/tokens/verify", { token: "not-a-real-token" });
    assert.equal(r.status, 401);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errors[0].code, 1000);
    assert.equal((await s.call("GET", "/accounts", { token: null })).status, 400);
    const basic = await s.call("GET", "/accounts", { token: null, headers: { authorization: "Basic abc" } });
    assert.equal(basic.status, 400);
  });
  test("verify reports a disabled or expired token; other operations refuse it", async () => {
    const disabled = s.cf.mintToken({ status: "disabled" });
    const expired = s.cf.mintToken({ expires_on: "2020-01-01T00:00:00Z" });
    assert.equal((await s.call("GET", "/user/tokens/verify", { token: disabled.value })).body.result.status, "disabled");
    const v = await s.call("GET", "/user/tokens/verify", { token: expired.value });
    assert.equal(v.status, 200);
    assert.equal(v.body.result.status, "expired");
    assert.equal(v.body.result.expires_on, "2020-01-01T00:00:00Z");
    assert.equal((await s.call("GET", "/accounts", { token: disabled.value })).status, 401);
    assert.equal((await s.call("GET", "/accounts", { token: expired.value })).status, 401);
  });
  test("a token without the operation's permission gets 403 code 10000", async () => {
    const limited = s.cf.mintToken({ permissions: ["Workers Scripts Read"] });
    const denied = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { token: limited.value, json: { title: "x" } });
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body.errors, [{ code: 10000, message: "Authentication error" }]);
    assert.equal((await s.call("GET", `${s.acct}/workers/subdomain`, { token: limited.value })).status, 200);
    assert.equal((await s.call("GET", "/user/tokens/verify", { token: limited.value })).status, 200);
  });
  test("an account-owned token: the user endpoint answers code 1000, the account endpoint verifies it", async () => {
    const owned = s.cf.mintToken({ kind: "account" });
    const user = await s.call("GET", "/user/tokens/verify", { token: owned.value });
    assert.equal(user.status, 401);
    assert.deepEqual(user.body.errors, [{ code: 1000, message: "Invalid API Token" }]);
    const account = await s.call("GET", `${s.acct}/tokens/verify`, { token: owned.value });
    assert.equal(account.status, 200);
    assert.equal(account.body.result.id, owned.id);
    assert.equal(account.body.result.status, "active");
    assert.equal((await s.call("GET", `${s.acct}/tokens/verify`)).status, 401, "a user token is not verified at the account endpoint");
    const other = (await s.call("GET", "/accounts")).body.result.find((/** @type {any} */ a) => `/accounts/${a.id}` !== s.acct);
    assert.equal((await s.call("GET", `/accounts/${other.id}/tokens/verify`, { token: owned.value })).status, 403, "it belongs to one account");
  });
  test("tokens are minted over HTTP too", async () => {
    const res = await fetch(`${s.cf.origin}/__local/tokens`, { method: "POST", body: JSON.stringify({ permissions: [] }) });
    assert.equal(res.status, 201);
    const t = await res.json();
    assert.equal((await s.call("GET", `${s.acct}/access/organizations`, { token: t.value })).status, 403);
  });
  test("an account the token may not touch is refused", async () => {
    const other = s.cf.store.data.accounts[1].id;
    const t = s.cf.mintToken({ accounts: [s.cf.account_id] });
    assert.equal((await s.call("GET", `/accounts/${other}/workers/subdomain`, { token: t.value })).status, 403);
    assert.equal((await s.call("GET", `/accounts/0123456789abcdef0123456789abcdef/workers/subdomain`)).status, 403);
  });
});

describe("accounts", () => {
  test("pagination with per_page and page", async () => {
    const p1 = await s.call("GET", "/accounts?per_page=5");
    assert.equal(p1.status, 200);
    assert.equal(p1.body.result.length, 5);
    assert.deepEqual(p1.body.result_info, { page: 1, per_page: 5, count: 5, total_count: 12, total_pages: 3 });
    const p3 = await s.call("GET", "/accounts?per_page=5&page=3");
    assert.equal(p3.body.result.length, 2);
    const all = await s.call("GET", "/accounts");
    assert.equal(all.body.result.length, 12);
    assert.equal(all.body.result[0].id, s.cf.account_id);
  });
  test("per_page outside 5..50 does not match the contract: 400", async () => {
    const r = await s.call("GET", "/accounts?per_page=2");
    assert.equal(r.status, 400);
    assert.equal(r.body.success, false);
    assert.equal(r.body.errors[0].code, 10001);
    assert.equal(s.cf.violations().length, 1);
  });
});

describe("Access", () => {
  test("organization auth_domain points at the Access stand-in", async () => {
    const r = await s.call("GET", `${s.acct}/access/organizations`);
    assert.equal(r.status, 200);
    assert.equal(r.body.result.auth_domain, s.cf.auth_domain);
  });
  test("identity providers start empty; adding one-time PIN answers 201", async () => {
    const empty = await s.call("GET", `${s.acct}/access/identity_providers`);
    assert.deepEqual(empty.body.result, []);
    const r = await s.call("POST", `${s.acct}/access/identity_providers`, { json: { name: "PIN", type: "onetimepin", config: {} } });
    assert.equal(r.status, 201);
    assert.equal(r.body.result.type, "onetimepin");
    const list = await s.call("GET", `${s.acct}/access/identity_providers`);
    assert.equal(list.body.result.length, 1);
  });
  test("policy create 201, list, and an unsupported rule kind is refused", async () => {
    const r = await s.call("POST", `${s.acct}/access/policies`, { json: POLICY });
    assert.equal(r.status, 201);
    assert.equal(r.body.result.decision, "allow");
    const list = await s.call("GET", `${s.acct}/access/policies`);
    assert.equal(list.body.result.length, 1);
    assert.equal(list.body.result[0].app_count, 0);
    const ip = await s.call("POST", `${s.acct}/access/policies`, { json: { ...POLICY, include: [{ ip: { ip: "10.0.0.0/8" } }] } });
    assert.equal(ip.status, 400);
    assert.match(ip.body.errors[0].message, /does not evaluate Access rule 'ip'/);
  });
  test("a malformed request gets 400 with Cloudflare's envelope", async () => {
    const r = await s.call("POST", `${s.acct}/access/policies`, { json: { name: "x", decision: "maybe", include: [] } });
    assert.equal(r.status, 400);
    envelope(r.body);
    assert.equal(r.body.success, false);
    assert.match(r.body.errors[0].message, /decision/);
    const bad = await s.call("POST", `${s.acct}/access/policies`, { raw: "{not json" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].code, 6007);
  });
  test("SaaS app: 201 with client_secret once; GET never returns it; delete order enforced", async () => {
    const policy = (await s.call("POST", `${s.acct}/access/policies`, { json: POLICY })).body.result;
    const created = await s.call("POST", `${s.acct}/access/apps`, { json: appBody(policy.id) });
    assert.equal(created.status, 201);
    const app = created.body.result;
    assert.match(app.saas_app.client_id, /^[0-9a-f]{64}$/);
    assert.match(app.saas_app.client_secret, /^[0-9a-f]{64}$/);
    assert.equal(app.policies[0].id, policy.id);
    const got = await s.call("GET", `${s.acct}/access/apps/${app.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.result.saas_app.client_id, app.saas_app.client_id);
    assert.equal("client_secret" in got.body.result.saas_app, false);
    assert.equal((await s.call("GET", `${s.acct}/access/policies`)).body.result[0].app_count, 1);
    const early = await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`);
    assert.equal(early.status, 400);
    const del = await s.call("DELETE", `${s.acct}/access/apps/${app.id}`);
    assert.equal(del.status, 202);
    assert.deepEqual(del.body.result, { id: app.id });
    assert.equal((await s.call("GET", `${s.acct}/access/apps/${app.id}`)).status, 404);
    const delPolicy = await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`);
    assert.equal(delPolicy.status, 202);
    assert.equal((await s.call("DELETE", `${s.acct}/access/policies/${policy.id}`)).status, 404);
  });
  test("read back: a policy by id, apps listed by exact name or search, paged", async () => {
    const policy = (await s.call("POST", `${s.acct}/access/policies`, { json: POLICY })).body.result;
    const got = await s.call("GET", `${s.acct}/access/policies/${policy.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.result.name, "Only ada");
    assert.equal(got.body.result.app_count, 0);
    assert.equal((await s.call("GET", `${s.acct}/access/policies/6f1a7a8e-0000-4000-8000-000000000000`)).status, 404);
    await s.call("POST", `${s.acct}/access/apps`, { json: appBody(policy.id) });
    await s.call("POST", `${s.acct}/access/apps`, { json: { ...appBody(policy.id), name: "gatehouse-mcp-2" } });
    const exact = await s.call("GET", `${s.acct}/access/apps?name=gatehouse-mcp&exact=true`);
    assert.equal(exact.status, 200);
    assert.deepEqual(exact.body.result.map((/** @type {any} */ a) => a.name), ["gatehouse-mcp"]);
    assert.equal("client_secret" in exact.body.result[0].saas_app, false, "a list never carries the secret");
    const loose = await s.call("GET", `${s.acct}/access/apps?name=GATEHOUSE`);
    assert.equal(loose.body.result.length, 2);
    const paged = await s.call("GET", `${s.acct}/access/apps?per_page=1&page=2`);
    assert.equal(paged.body.result.length, 1);
    assert.equal(paged.body.result_info.total_count, 2);
  });
  test("an app naming a policy or identity provider that does not exist is refused", async () => {
    const r = await s.call("POST", `${s.acct}/access/apps`, { json: appBody("6f1a7a8e-0000-4000-8000-000000000000") });
    assert.equal(r.status, 400);
    const idp = await s.call("POST", `${s.acct}/access/apps`, { json: { ...appBody(""), policies: [], allowed_idps: ["nope"] } });
    assert.equal(idp.status, 400);
  });
});

describe("Workers KV and subdomain", () => {
  test("KV namespace create 200, duplicate title 400, delete with {} or no body", async () => {
    const r = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "OAUTH_KV" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.result.title, "OAUTH_KV");
    const dup = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "OAUTH_KV" } });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.errors[0].code, 10014);
    const del = await s.call("DELETE", `${s.acct}/storage/kv/namespaces/${r.body.result.id}`, { json: {} });
    assert.equal(del.status, 200);
    assert.equal(del.body.result, null);
    const other = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title: "B" } });
    assert.equal((await s.call("DELETE", `${s.acct}/storage/kv/namespaces/${other.body.result.id}`)).status, 200);
    assert.equal((await s.call("DELETE", `${s.acct}/storage/kv/namespaces/${other.body.result.id}`)).status, 404);
  });
  test("KV namespaces read back: one by id, all paged (no title filter)", async () => {
    const ids = [];
    for (const title of ["B", "A", "C"]) ids.push((await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: { title } })).body.result.id);
    const one = await s.call("GET", `${s.acct}/storage/kv/namespaces/${ids[0]}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.result.title, "B");
    const missing = await s.call("GET", `${s.acct}/storage/kv/namespaces/${"0".repeat(32)}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errors[0].code, 10013);
    const list = await s.call("GET", `${s.acct}/storage/kv/namespaces?order=title&per_page=2`);
    assert.deepEqual(list.body.result.map((/** @type {any} */ n) => n.title), ["A", "B"]);
    assert.equal(list.body.result_info.total_count, 3);
    assert.equal((await s.call("GET", `${s.acct}/storage/kv/namespaces?per_page=1001`)).status, 400, "per_page is 1..1000");
  });
  test("a KV create without a title does not match the contract", async () => {
    const r = await s.call("POST", `${s.acct}/storage/kv/namespaces`, { json: {} });
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].code, 10001);
  });
  test("the account's workers.dev subdomain", async () => {
    const r = await s.call("GET", `${s.acct}/workers/subdomain`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.result, { subdomain: "gatehouse-local" });
  });
  test("unknown routes and unknown scripts", async () => {
    const r = await s.call("GET", `${s.acct}/nothing/here`);
    assert.equal(r.status, 404);
    assert.equal(r.body.errors[0].code, 7003);
    const secret = await s.call("PUT", `${s.acct}/workers/scripts/missing/secrets`, { json: { name: "A", type: "secret_text", text: "x" } });
    assert.equal(secret.status, 404);
    assert.equal(secret.body.errors[0].code, 10007);
    const sub = await s.call("POST", `${s.acct}/workers/scripts/missing/subdomain`, { json: { enabled: true } });
    assert.equal(sub.status, 404);
    const bad = await s.call("PUT", `${s.acct}/workers/scripts/Bad.Name/secrets`, { json: { name: "A", type: "secret_text", text: "x" } });
    assert.equal(bad.status, 400);
  });
});

test("no response failed the contract in this file", () => {
  // reset() clears violations, so this checks the last test's; every response path above is validated before it is
  // sent (a mismatch answers 500, which the status assertions catch).
  assert.deepEqual(s.cf.violations().filter((v) => v.kind === "response"), []);
});
