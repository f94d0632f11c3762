// The contract itself: the quirks patched in memory, and a stand-in response bug caught before it reaches a client.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { handlers } from "../src/api.mjs";
import { ok } from "../src/envelope.mjs";
import { loadContract } from "../src/spec.mjs";
import { startStack } from "./helpers.mjs";

describe("the patched contract", () => {
  /** @type {import("../src/spec.mjs").Contract} */
  let c;
  before(async () => {
    c = await loadContract();
  });
  const response = (/** @type {string} */ op, /** @type {number} */ status, /** @type {any} */ body) => c.api.validator.validateResponse(body, op, status).valid;

  test("a secret's value may never appear in a response (writeOnly)", () => {
    assert.equal(response("worker-put-script-secret", 200, ok({ name: "A", type: "secret_text" })), true);
    assert.equal(response("worker-put-script-secret", 200, ok({ name: "A", type: "secret_text", text: "leak" })), false);
  });
  test("failure envelopes validate for the iam operations", () => {
    const failure = { success: false, errors: [{ code: 1000, message: "Invalid API Token" }], messages: [], result: null };
    assert.equal(response("user-api-tokens-verify-token", 401, failure), true);
    assert.equal(response("accounts-list-accounts", 403, failure), true);
    assert.equal(response("accounts-list-accounts", 403, { ...failure, success: true }), false);
  });
  test("the upload's metadata is validated; a single-step migration is accepted", () => {
    const req = (/** @type {any} */ body) =>
      c.api.validator.validateRequest(
        { method: "PUT", path: "/accounts/a/workers/scripts/s", headers: { "content-type": "multipart/form-data" }, body },
        "worker-script-upload-worker-module",
      ).valid;
    const metadata = { main_module: "index.js", migrations: { new_tag: "v1", new_sqlite_classes: ["C"] } };
    assert.equal(req({ metadata, "index.js": "<part>" }), true);
    assert.equal(req({ "index.js": "<part>" }), false, "metadata is required");
    assert.equal(req({ metadata: { ...metadata, bindings: [{ type: "kv_namespace", name: "KV" }] } }), false, "namespace_id is required");
    assert.equal(req({ metadata: { ...metadata, migrations: { new_tag: "v2", steps: [{ new_classes: ["D"] }] } } }), true);
  });
  test("every operation needs a permission group, except the two verifies and the accounts list", () => {
    const none = c.api.router.getOperations().filter((o) => c.permissionGroups(o.operationId || "") === null).map((o) => o.operationId);
    assert.deepEqual(none.sort(), ["account-api-tokens-verify-token", "accounts-list-accounts", "user-api-tokens-verify-token"]);
  });
});

describe("a response that breaks the contract", () => {
  /** @type {Awaited<ReturnType<typeof startStack>>} */
  let s;
  before(async () => {
    s = await startStack();
  });
  after(async () => s.cf.close());

  test("answers 500 and is recorded as a violation", async () => {
    const op = "worker-subdomain-get-subdomain";
    const real = handlers[op];
    handlers[op] = () => ({ status: 200, body: ok({ name: "wrong field" }) });
    try {
      const r = await s.call("GET", `${s.acct}/workers/subdomain`);
      assert.equal(r.status, 500);
      assert.equal(r.body.success, false);
      const v = await (await fetch(`${s.cf.origin}/__local/violations`)).json();
      assert.equal(v.length, 1);
      assert.equal(v[0].kind, "response");
      assert.equal(v[0].operationId, op);
    } finally {
      handlers[op] = real;
    }
    assert.equal((await s.call("GET", `${s.acct}/workers/subdomain`)).status, 200);
  });
});
