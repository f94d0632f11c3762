// Access for SaaS: an app created through the API gets its own OIDC provider; its policies decide who logs in.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { startStack } from "./helpers.mjs";

/** @type {Awaited<ReturnType<typeof startStack>>} */
let s;
before(async () => {
  s = await startStack();
  assert.equal(s.cf.access_stub, false, "the Access stand-in is missing: run `npm ci` in tests/access");
});
after(async () => s.cf.close());

const REDIRECT = "http://127.0.0.1:1/callback";

/** Authorization code + PKCE as a browser would run it, cookies kept; stops at the redirect back to the client. */
async function login(/** @type {string} */ issuer, /** @type {string} */ clientId, scope = "openid email profile") {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(`${issuer}/authorization`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope,
    state: "st",
    nonce: "n",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  /** @type {Map<string, string>} */
  const jar = new Map();
  let next = url.href;
  for (let i = 0; i < 10; i++) {
    const res = await fetch(next, { redirect: "manual", headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = res.headers.get("location");
    assert.ok(location, `expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 200)}`);
    next = new URL(location, next).href;
    if (next.startsWith(REDIRECT)) return { callback: new URL(next), verifier };
  }
  throw new Error("too many redirects");
}

describe("OIDC login through an app created with the API", () => {
  /** @type {any} */
  let app;
  /** @type {string} */
  let issuer;
  before(async () => {
    const policy = await s.call("POST", `${s.acct}/access/policies`, {
      json: { name: "staff but not eve", decision: "allow", include: [{ email_domain: { domain: "example.com" } }], exclude: [{ email: { email: "eve@example.com" } }] },
    });
    const created = await s.call("POST", `${s.acct}/access/apps`, {
      json: {
        name: "mcp",
        type: "saas",
        policies: [{ id: policy.body.result.id, precedence: 1 }],
        saas_app: { auth_type: "oidc", redirect_uris: [REDIRECT], grant_types: ["authorization_code_with_pkce", "refresh_tokens"], scopes: ["openid", "email", "profile"] },
      },
    });
    assert.equal(created.status, 201);
    app = created.body.result;
    const org = (await s.call("GET", `${s.acct}/access/organizations`)).body.result;
    // How the app builds the URLs: http for a loopback auth_domain, https otherwise.
    issuer = `http://${org.auth_domain}/cdn-cgi/access/sso/oidc/${app.saas_app.client_id}`;
  });

  test("discovery is served at the documented issuer", async () => {
    const doc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(doc.issuer, issuer);
  });

  test("an allowed email gets a code that the client secret exchanges for an id_token", async () => {
    s.cf.accessServer.setAutoLogin("ada@example.com");
    const { callback, verifier } = await login(issuer, app.saas_app.client_id);
    const code = callback.searchParams.get("code");
    assert.ok(code, `no code in ${callback}`);
    const res = await fetch(`${issuer}/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: app.saas_app.client_id, client_secret: app.saas_app.client_secret }),
    });
    assert.equal(res.status, 200);
    const tokens = await res.json();
    const claims = JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url").toString());
    assert.equal(claims.email, "ada@example.com");
    assert.equal(claims.aud, app.saas_app.client_id);
    assert.ok(tokens.refresh_token);
  });

  test("a wrong client secret is refused", async () => {
    s.cf.accessServer.setAutoLogin("ada@example.com");
    const { callback, verifier } = await login(issuer, app.saas_app.client_id);
    const res = await fetch(`${issuer}/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code") || "", redirect_uri: REDIRECT, code_verifier: verifier, client_id: app.saas_app.client_id, client_secret: "wrong" }),
    });
    assert.equal(res.status, 401);
  });

  test("emails outside the policy are refused (other domain, and an excluded address)", async () => {
    // The redirect back to the client is an option of the stand-in (`/__local/access/refusal`); Access's default is
    // its block page, tested below.
    const set = await fetch(`${s.cf.origin}/__local/access/refusal`, { method: "POST", body: JSON.stringify({ refusal: "error-redirect" }) });
    assert.equal(set.status, 200);
    try {
      for (const email of ["mallory@evil.test", "eve@example.com"]) {
        s.cf.accessServer.setAutoLogin(email);
        const { callback } = await login(issuer, app.saas_app.client_id);
        assert.equal(callback.searchParams.get("error"), "access_denied", email);
        assert.equal(callback.searchParams.get("code"), null);
      }
    } finally {
      s.cf.accessServer.setRefusal("block-page");
    }
  });

  test("by default a refused email gets Access's block page and is not sent back to the client", async () => {
    s.cf.accessServer.setAutoLogin("mallory@evil.test");
    const blocked = await login(issuer, app.saas_app.client_id).catch((/** @type {Error} */ e) => e);
    assert.ok(blocked instanceof Error);
    assert.match(blocked.message, /got 403: <!doctype html><html lang="en" data-access-blocked>/);
  });

  test("the app's scopes are enforced: groups, which it does not allow, is refused", async () => {
    s.cf.accessServer.setAutoLogin("ada@example.com");
    const { callback } = await login(issuer, app.saas_app.client_id, "openid email profile groups");
    assert.equal(callback.searchParams.get("error"), "invalid_scope");
  });

  test("deleting the app through the API removes its provider", async () => {
    assert.equal((await s.call("DELETE", `${s.acct}/access/apps/${app.id}`)).status, 202);
    assert.equal((await fetch(`${issuer}/.well-known/openid-configuration`)).status, 404);
  });
});
