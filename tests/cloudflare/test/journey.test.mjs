// The whole setup and teardown in the order the provisioning engine runs it (DESIGN.md "Flows"), then the state
// must be empty and no request or response may have broken the contract.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fixtureMetadata, fixtureModules, startStack, uploadForm } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack();
});
after(async () => s.cf.close());

test("setup, then teardown, leaves nothing behind", async () => {
  const { call, acct } = s;
  const expect = async (/** @type {Promise<any>} */ p, /** @type {number} */ status) => {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.body));
    return r.body.result;
  };
  await expect(call("GET", "/user/tokens/verify"), 200);
  const accounts = await expect(call("GET", "/accounts"), 200);
  assert.equal(accounts[0].id, s.cf.account_id);
  const org = await expect(call("GET", `${acct}/access/organizations`), 200);
  const idps = await expect(call("GET", `${acct}/access/identity_providers`), 200);
  const pin = idps.find((/** @type {any} */ i) => i.type === "onetimepin") ?? (await expect(call("POST", `${acct}/access/identity_providers`, { json: { name: "One-time PIN", type: "onetimepin", config: {} } }), 201));
  const policy = await expect(call("POST", `${acct}/access/policies`, { json: { name: "gatehouse", decision: "allow", include: [{ email: { email: "ada@example.com" } }] } }), 201);
  const kv = await expect(call("POST", `${acct}/storage/kv/namespaces`, { json: { title: "gatehouse-OAUTH_KV" } }), 200);
  await expect(call("PUT", `${acct}/workers/scripts/gatehouse-mcp`, { form: uploadForm(fixtureMetadata(kv.id, { keep_bindings: ["secret_text", "secret_key"] }), fixtureModules()) }), 200);
  await expect(call("POST", `${acct}/workers/scripts/gatehouse-mcp/subdomain`, { json: { enabled: true } }), 200);
  const { subdomain } = await expect(call("GET", `${acct}/workers/subdomain`), 200);
  assert.equal(subdomain, s.cf.workers_subdomain);
  const local = await (await fetch(`${s.cf.origin}/__local/workers/gatehouse-mcp`)).json();
  const app = await expect(
    call("POST", `${acct}/access/apps`, {
      json: {
        name: "gatehouse-mcp",
        type: "saas",
        allowed_idps: [pin.id],
        auto_redirect_to_identity: true,
        policies: [{ id: policy.id, precedence: 1 }],
        saas_app: {
          auth_type: "oidc",
          redirect_uris: [`${local.url}/callback`],
          grant_types: ["authorization_code_with_pkce", "refresh_tokens"],
          scopes: ["openid", "email", "profile"],
          refresh_token_options: { lifetime: "30d" },
        },
      },
    }),
    201,
  );
  const issuer = `http://${org.auth_domain}/cdn-cgi/access/sso/oidc/${app.saas_app.client_id}`;
  const secrets = {
    ACCESS_CLIENT_ID: app.saas_app.client_id,
    ACCESS_CLIENT_SECRET: app.saas_app.client_secret,
    ACCESS_TOKEN_URL: `${issuer}/token`,
    ACCESS_AUTHORIZATION_URL: `${issuer}/authorization`,
    ACCESS_JWKS_URL: `${issuer}/jwks`,
    COOKIE_ENCRYPTION_KEY: "0".repeat(64),
  };
  for (const [name, text] of Object.entries(secrets)) await expect(call("PUT", `${acct}/workers/scripts/gatehouse-mcp/secrets`, { json: { name, type: "secret_text", text } }), 200);
  const seen = await (await fetch(`${local.url}/env?name=ACCESS_CLIENT_ID`)).json();
  assert.equal(seen.value, app.saas_app.client_id);
  const discovery = await (await fetch(`${local.url}/fetch?url=${encodeURIComponent(`${issuer}/.well-known/openid-configuration`)}`)).json();
  assert.equal(discovery.issuer, issuer, "the Worker reads the app's discovery document");

  // Teardown: app, policy, script, KV namespace (ENDPOINTS.md).
  await expect(call("DELETE", `${acct}/access/apps/${app.id}`), 202);
  await expect(call("DELETE", `${acct}/access/policies/${policy.id}`), 202);
  await expect(call("DELETE", `${acct}/workers/scripts/gatehouse-mcp?force=true`), 200);
  await expect(call("DELETE", `${acct}/storage/kv/namespaces/${kv.id}`), 200);

  const state = await (await fetch(`${s.cf.origin}/__local/state`)).json();
  for (const kind of ["policies", "apps", "kv_namespaces", "scripts"]) assert.deepEqual(state[kind], [], kind);
  assert.deepEqual(await (await fetch(`${s.cf.origin}/__local/violations`)).json(), []);
  const calls = await (await fetch(`${s.cf.origin}/__local/calls`)).json();
  assert.ok(calls.every((/** @type {any} */ c) => c.status < 400), JSON.stringify(calls.filter((/** @type {any} */ c) => c.status >= 400)));
});
