// The 26 operations. Each handler gets a validated request and returns { status, body }; errors are CfError.
import { createHash } from "node:crypto";
import { CfError, CODES, ok, paginate } from "./envelope.mjs";
import { checkRules, isAllowed } from "./policies.mjs";
import { hex, now, uuid } from "./state.mjs";
import { moduleType } from "./workers.mjs";

/**
 * @typedef {object} Ctx
 * @property {import("./state.mjs").Store} store
 * @property {import("./workers.mjs").WorkerHost} workers
 * @property {import("./access.mjs").AccessLike} access
 * @property {import("./spec.mjs").Contract} contract
 * @property {import("./state.mjs").Token} token
 * @property {Record<string, string>} params
 * @property {URLSearchParams} query
 * @property {any} body              parsed JSON, or FormData for the upload
 */

const strip = (/** @type {any} */ o) => {
  const { account, ...rest } = o;
  return rest;
};
const notFound = (/** @type {string} */ what) => new CfError(404, CODES.accessNotFound, `access.api.error.not_found: ${what} not found`);

/** @type {Record<string, (ctx: Ctx) => Promise<{ status: number, body: any }> | { status: number, body: any }>} */
export const handlers = {
  "user-api-tokens-verify-token": ({ token }) => ({
    status: 200,
    body: ok(
      { id: token.id, status: token.status, ...(token.expires_on ? { expires_on: token.expires_on } : {}), ...(token.not_before ? { not_before: token.not_before } : {}) },
      { messages: [{ code: 10000, message: "This API Token is valid and active" }] },
    ),
  }),

  // Cloudflare verifies an account-owned token here; the user endpoint above refuses it with code 1000 (see server.mjs).
  "account-api-tokens-verify-token": ({ token }) => {
    if (token.kind !== "account") throw new CfError(401, CODES.invalidToken, "Invalid API Token");
    return {
      status: 200,
      body: ok(
        { id: token.id, status: token.status, ...(token.expires_on ? { expires_on: token.expires_on } : {}), ...(token.not_before ? { not_before: token.not_before } : {}) },
        { messages: [{ code: 10000, message: "This API Token is valid and active" }] },
      ),
    };
  },

  "accounts-list-accounts": ({ store, token, query }) => {
    let list = store.data.accounts.filter((a) => !token.accounts || token.accounts.includes(a.id));
    const name = query.get("name");
    if (name) list = list.filter((a) => a.name === name);
    if (query.get("direction") === "desc") list = [...list].reverse();
    const { result, result_info } = paginate(list, query, { perPage: 20, maxPerPage: 50 });
    return { status: 200, body: ok(result, { result_info }) };
  },

  "zero-trust-organization-get-your-zero-trust-organization": ({ store, params }) => {
    const org = store.data.organizations[params.account_id];
    if (!org) throw new CfError(404, CODES.accessNotFound, "access.api.error.not_found: no Zero Trust organization on this account");
    return { status: 200, body: ok(org) };
  },

  "access-identity-providers-list-access-identity-providers": ({ store, params, query }) => {
    const list = store.data.identity_providers.filter((i) => i.account === params.account_id).map(strip);
    const { result, result_info } = paginate(list, query, { perPage: 50, maxPerPage: 1000 });
    return { status: 200, body: ok(result, { result_info }) };
  },

  "access-identity-providers-add-an-access-identity-provider": ({ store, params, body }) => {
    const idp = { id: uuid(), name: body.name, type: body.type, config: body.config || {}, ...(body.scim_config ? { scim_config: body.scim_config } : {}), account: params.account_id };
    store.data.identity_providers.push(idp);
    store.save();
    return { status: 201, body: ok(strip(idp)) };
  },

  "access-policies-list-access-reusable-policies": ({ store, params, query }) => {
    const list = store.data.policies.filter((p) => p.account === params.account_id && p.reusable).map((p) => policyView(store, p));
    const { result, result_info } = paginate(list, query, { perPage: 100, maxPerPage: 1000 });
    return { status: 200, body: ok(result, { result_info }) };
  },

  "access-policies-get-an-access-reusable-policy": ({ store, params }) => {
    const p = store.data.policies.find((x) => x.account === params.account_id && x.id === params.policy_id && x.reusable);
    if (!p) throw notFound("policy");
    return { status: 200, body: ok(policyView(store, p)) };
  },

  "access-policies-create-an-access-reusable-policy": ({ store, params, body }) => {
    const p = newPolicy(params.account_id, body, true);
    store.data.policies.push(p);
    store.save();
    return { status: 201, body: ok(policyView(store, p)) };
  },

  "access-policies-delete-an-access-reusable-policy": ({ store, params }) => {
    const p = store.data.policies.find((x) => x.account === params.account_id && x.id === params.policy_id && x.reusable);
    if (!p) throw notFound("policy");
    const users = appsUsing(store, p.id);
    if (users.length) throw new CfError(400, CODES.accessInvalid, `access.api.error.invalid_request: policy is still used by ${users.length} application(s); delete or update them first`);
    store.data.policies = store.data.policies.filter((x) => x !== p);
    store.save();
    return { status: 202, body: ok({ id: p.id }) };
  },

  "access-applications-add-an-application": ({ store, access, params, body }) => {
    const account = params.account_id;
    if (body.type !== "saas") throw new CfError(400, CODES.unsupported, `The local Cloudflare models only SaaS applications (type "saas"), not "${body.type}"`);
    const saas = body.saas_app || {};
    if (saas.auth_type !== "oidc") throw new CfError(400, CODES.unsupported, "The local Cloudflare models only OIDC SaaS applications (saas_app.auth_type \"oidc\")");
    const grants = saas.grant_types || ["authorization_code"];
    const unsupported = grants.filter((/** @type {string} */ g) => !["authorization_code", "authorization_code_with_pkce", "refresh_tokens"].includes(g));
    if (unsupported.length) throw new CfError(400, CODES.unsupported, `The local Cloudflare does not model grant types: ${unsupported.join(", ")}`);
    for (const idpId of body.allowed_idps || []) {
      if (!store.data.identity_providers.some((i) => i.account === account && i.id === idpId)) {
        throw new CfError(400, CODES.accessInvalid, `access.api.error.invalid_request: identity provider ${idpId} does not exist`);
      }
    }
    // policies: [{id, precedence}] | ["<uuid>"] | [inline policy]
    /** @type {{ id: string, precedence: number }[]} */
    const links = [];
    /** @type {any[]} */
    const created = [];
    (body.policies || []).forEach((/** @type {any} */ item, /** @type {number} */ i) => {
      if (typeof item === "string" || (item && !item.decision && item.id)) {
        const id = typeof item === "string" ? item : item.id;
        if (!store.data.policies.some((p) => p.account === account && p.id === id)) throw new CfError(400, CODES.accessInvalid, `access.api.error.invalid_request: policy ${id} does not exist`);
        links.push({ id, precedence: (typeof item === "object" && item.precedence) || i + 1 });
      } else {
        const p = newPolicy(account, item, false);
        created.push(p);
        links.push({ id: p.id, precedence: item.precedence || i + 1 });
      }
    });
    const ts = now();
    const app = {
      account,
      id: uuid(),
      aud: hex(32),
      name: body.name,
      type: "saas",
      allowed_idps: body.allowed_idps || [],
      auto_redirect_to_identity: body.auto_redirect_to_identity ?? false,
      app_launcher_visible: body.app_launcher_visible ?? true,
      ...(body.logo_url ? { logo_url: body.logo_url } : {}),
      tags: body.tags || [],
      policy_links: links.sort((a, b) => a.precedence - b.precedence),
      saas_app: {
        ...saas,
        auth_type: "oidc",
        client_id: hex(32),
        client_secret: hex(32),
        redirect_uris: saas.redirect_uris || [],
        grant_types: grants,
        scopes: saas.scopes || ["openid", "email", "profile"],
        created_at: ts,
        updated_at: ts,
      },
      created_at: ts,
      updated_at: ts,
    };
    store.data.policies.push(...created);
    store.data.apps.push(app);
    try {
      registerApp(store, access, app);
    } catch (err) {
      store.data.apps.pop();
      store.data.policies = store.data.policies.filter((p) => !created.includes(p));
      throw new CfError(400, CODES.accessInvalid, `access.api.error.invalid_request: ${/** @type {Error} */ (err).message}`);
    }
    store.save();
    return { status: 201, body: ok(appView(store, app, { withSecret: true })) };
  },

  // name/domain filter: exact=true matches the whole string, otherwise a case-insensitive substring (as the dashboard's search).
  "access-applications-list-access-applications": ({ store, params, query }) => {
    const exact = query.get("exact") === "true";
    const matches = (/** @type {string | undefined} */ value, /** @type {string | null} */ wanted) =>
      wanted === null || (exact ? value === wanted : (value || "").toLowerCase().includes(wanted.toLowerCase()));
    const search = query.get("search");
    const list = store.data.apps
      .filter((a) => a.account === params.account_id)
      .filter((a) => matches(a.name, query.get("name")) && matches(a.domain, query.get("domain")))
      .filter((a) => !query.get("aud") || a.aud === query.get("aud"))
      .filter((a) => !search || a.name.toLowerCase().includes(search.toLowerCase()))
      .map((a) => appView(store, a));
    const { result, result_info } = paginate(list, query, { perPage: 50, maxPerPage: 1000 });
    return { status: 200, body: ok(result, { result_info }) };
  },

  "access-applications-get-an-access-application": ({ store, params }) => ({ status: 200, body: ok(appView(store, findApp(store, params))) }),

  "access-applications-delete-an-access-application": ({ store, access, params }) => {
    const app = findApp(store, params);
    store.data.apps = store.data.apps.filter((a) => a !== app);
    const inline = new Set(app.policy_links.map((/** @type {any} */ l) => l.id));
    store.data.policies = store.data.policies.filter((p) => p.reusable || !inline.has(p.id));
    access.removeApp(app.saas_app.client_id);
    store.save();
    return { status: 202, body: ok({ id: app.id }) };
  },

  "workers-kv-namespace-create-a-namespace": ({ store, params, body }) => {
    if (typeof body.title !== "string" || !body.title) throw new CfError(400, CODES.invalidRequest, "title must be a non-empty string");
    if (store.data.kv_namespaces.some((n) => n.account === params.account_id && n.title === body.title)) {
      throw new CfError(400, CODES.kvDuplicate, "a namespace with this account ID and title already exists");
    }
    const ns = { account: params.account_id, id: hex(16), title: body.title, supports_url_encoding: true };
    store.data.kv_namespaces.push(ns);
    store.save();
    return { status: 200, body: ok(strip(ns)) };
  },

  "workers-kv-namespace-list-namespaces": ({ store, params, query }) => {
    let list = store.data.kv_namespaces.filter((n) => n.account === params.account_id).map(strip);
    const order = query.get("order");
    if (order === "id" || order === "title") list = [...list].sort((a, b) => String(a[order]).localeCompare(String(b[order])));
    if (query.get("direction") === "desc") list = [...list].reverse();
    const { result, result_info } = paginate(list, query, { perPage: 20, maxPerPage: 1000 });
    return { status: 200, body: ok(result, { result_info }) };
  },

  "workers-kv-namespace-get-a-namespace": ({ store, params }) => {
    const ns = store.data.kv_namespaces.find((n) => n.account === params.account_id && n.id === params.namespace_id);
    if (!ns) throw new CfError(404, CODES.kvNotFound, "get namespace: 'namespace not found'");
    return { status: 200, body: ok(strip(ns)) };
  },

  "workers-kv-namespace-remove-a-namespace": ({ store, params }) => {
    const ns = store.data.kv_namespaces.find((n) => n.account === params.account_id && n.id === params.namespace_id);
    if (!ns) throw new CfError(404, CODES.kvNotFound, "remove namespace: 'namespace not found'");
    store.data.kv_namespaces = store.data.kv_namespaces.filter((n) => n !== ns);
    store.save();
    return { status: 200, body: ok(null) };
  },

  "worker-script-upload-worker-module": (ctx) => modifyScript(ctx, uploadScript),

  "worker-script-delete-worker": (ctx) => modifyScript(ctx, async ({ store, workers, params, query }) => {
    const s = findScript(store, params);
    if (Object.keys(s.do_classes).length && query.get("force") !== "true") {
      throw new CfError(400, CODES.scriptInvalid, `Cannot delete Worker '${s.name}': it implements Durable Object classes (${Object.keys(s.do_classes).join(", ")}). Pass force=true to delete them with it.`);
    }
    store.data.scripts = store.data.scripts.filter((x) => x !== s);
    await workers.remove(s.name);
    store.save();
    return { status: 200, body: ok(null) };
  }),

  "worker-put-script-secret": (ctx) => modifyScript(ctx, async ({ store, workers, params, body }) => {
    const s = findScript(store, params);
    if (body.type !== "secret_text") throw new CfError(400, CODES.unsupported, `The local Cloudflare models only secret_text secrets, not ${body.type}`);
    s.bindings = [...s.bindings.filter((b) => b.name !== body.name), { type: "secret_text", name: body.name, text: body.text }];
    // Takes effect before the Worker's next request (consecutive PUTs share one restart).
    workers.stage(s.name, runSpec(s));
    s.modified_on = now();
    store.save();
    return { status: 200, body: ok({ name: body.name, type: "secret_text" }) };
  }),

  "worker-list-script-secrets": ({ store, params }) => {
    const s = findScript(store, params);
    const secrets = s.bindings.filter((b) => b.type === "secret_text" || b.type === "secret_key").map((b) => ({ name: b.name, type: b.type }));
    return { status: 200, body: ok(secrets) };
  },

  "worker-script-get-settings": ({ store, params }) => {
    const s = findScript(store, params);
    // Values never come back: a secret is named, not shown.
    const bindings = s.bindings.map((b) => (b.type === "secret_text" ? { type: b.type, name: b.name } : b));
    return {
      status: 200,
      body: ok({
        bindings,
        compatibility_date: s.compatibility_date,
        compatibility_flags: s.compatibility_flags,
        usage_model: s.usage_model,
        logpush: false,
        tags: [],
        tail_consumers: [],
        ...(s.observability ? { observability: s.observability } : {}),
      }),
    };
  },

  "worker-script-get-subdomain": ({ store, params }) => ({ status: 200, body: ok({ ...findScript(store, params).subdomain }) }),

  "worker-subdomain-get-subdomain": ({ store, params }) => {
    const sub = store.data.subdomains[params.account_id];
    if (!sub) throw new CfError(404, 10007, "This account does not have a workers.dev subdomain registered.");
    return { status: 200, body: ok({ subdomain: sub }) };
  },

  "worker-script-post-subdomain": (ctx) => modifyScript(ctx, async ({ store, workers, params, body }) => {
    const s = findScript(store, params);
    s.subdomain = { enabled: body.enabled, previews_enabled: body.previews_enabled ?? s.subdomain.previews_enabled ?? false };
    workers.setEnabled(s.name, s.subdomain.enabled);
    store.save();
    return { status: 200, body: ok({ ...s.subdomain }) };
  }),
};

/** Scripts being changed right now, by `account/script`: the instance's, kept on its store. */
const changing = new WeakMap();
/** The least time a change keeps its script busy: Cloudflare takes a moment for each, which is what makes two
 * overlapping writes from one client collide there. */
const CHANGE_MS = 25;

/**
 * Runs a change of one script. Cloudflare answers a change that overlaps another change of the same script with 429
 * "Too many requests are currently modifying the script." (the secrets operations declare it); so does the stand-in.
 * @template T @param {Ctx} ctx @param {(ctx: Ctx) => Promise<T> | T} change @returns {Promise<T>}
 */
async function modifyScript(ctx, change) {
  const { store, params } = ctx;
  let busy = changing.get(store);
  if (!busy) changing.set(store, (busy = new Set()));
  const key = `${params.account_id}/${params.script_name}`;
  if (busy.has(key)) throw new CfError(429, CODES.scriptBusy, "Too many requests are currently modifying the script.");
  busy.add(key);
  try {
    const [out] = await Promise.all([change(ctx), new Promise((r) => setTimeout(r, CHANGE_MS))]);
    return out;
  } finally {
    busy.delete(key);
  }
}

/** @param {string} account @param {any} body @param {boolean} reusable */
function newPolicy(account, body, reusable) {
  checkRules(body);
  const ts = now();
  return {
    account,
    id: uuid(),
    name: body.name,
    decision: body.decision,
    include: body.include || [],
    exclude: body.exclude || [],
    require: body.require || [],
    ...(body.session_duration ? { session_duration: body.session_duration } : {}),
    approval_required: body.approval_required ?? false,
    isolation_required: body.isolation_required ?? false,
    purpose_justification_required: body.purpose_justification_required ?? false,
    reusable,
    created_at: ts,
    updated_at: ts,
  };
}

/** @param {import("./state.mjs").Store} store @param {string} policyId */
const appsUsing = (store, policyId) => store.data.apps.filter((a) => a.policy_links.some((/** @type {any} */ l) => l.id === policyId));

/** @param {import("./state.mjs").Store} store @param {any} p */
function policyView(store, p) {
  return { ...strip(p), app_count: appsUsing(store, p.id).length };
}

/** @param {import("./state.mjs").Store} store @param {any} app */
function appPolicies(store, app) {
  return app.policy_links
    .map((/** @type {any} */ l) => {
      const p = store.data.policies.find((x) => x.id === l.id);
      return p ? { ...policyView(store, p), precedence: l.precedence } : null;
    })
    .filter(Boolean);
}

/** @param {import("./state.mjs").Store} store @param {any} app @param {{ withSecret?: boolean }} [o] */
function appView(store, app, o = {}) {
  const { account, policy_links, saas_app, ...rest } = app;
  const { client_secret, ...publicSaas } = saas_app;
  return { ...rest, saas_app: o.withSecret ? { ...publicSaas, client_secret } : publicSaas, policies: appPolicies(store, app) };
}

/** The app's OIDC provider in the Access stand-in; its policies are read at login time. */
export function registerApp(/** @type {import("./state.mjs").Store} */ store, /** @type {import("./access.mjs").AccessLike} */ access, /** @type {any} */ app) {
  access.addApp({
    clientId: app.saas_app.client_id,
    clientSecret: app.saas_app.client_secret,
    redirectUris: app.saas_app.redirect_uris,
    grantTypes: app.saas_app.grant_types,
    scopes: app.saas_app.scopes,
    isAllowed: (/** @type {string} */ email) => {
      const current = store.data.apps.find((a) => a.id === app.id);
      return !!current && isAllowed(appPolicies(store, current), email);
    },
  });
}

/** @param {import("./state.mjs").Store} store @param {Record<string, string>} params */
function findApp(store, params) {
  // SaaS apps have no domain, so only the id addresses them.
  const app = store.data.apps.find((a) => a.account === params.account_id && a.id === params.app_id);
  if (!app) throw notFound("application");
  return app;
}

/** @param {import("./state.mjs").Store} store @param {Record<string, string>} params */
function findScript(store, params) {
  const s = store.data.scripts.find((x) => x.account === params.account_id && x.name === params.script_name);
  if (!s) throw new CfError(404, CODES.scriptNotFound, "This Worker does not exist on your account.");
  return s;
}

/** The RunSpec for a script record. @param {import("./state.mjs").Script} s */
export function runSpec(s) {
  /** @type {import("./workers.mjs").RunSpec} */
  const spec = {
    mainModule: s.main_module,
    modules: s.modules.map((m) => ({ name: m.name, type: /** @type {string} */ (moduleType(m.contentType)), contents: Buffer.from(m.b64, "base64") })),
    compatibilityDate: s.compatibility_date,
    compatibilityFlags: s.compatibility_flags,
    text: {},
    kv: {},
    durableObjects: {},
  };
  for (const b of s.bindings) {
    if (b.type === "plain_text" || b.type === "secret_text") spec.text[b.name] = b.text;
    else if (b.type === "kv_namespace") spec.kv[b.name] = b.namespace_id;
    else if (b.type === "durable_object_namespace") spec.durableObjects[b.name] = { className: b.class_name, useSQLite: s.do_classes[b.class_name] === true };
  }
  return spec;
}

/** @param {import("./workers.mjs").WorkerHost} workers @param {import("./state.mjs").Script} s */
export async function run(workers, s) {
  try {
    return await workers.deploy(s.name, runSpec(s), s.port);
  } catch (err) {
    const msg = String(/** @type {Error} */ (err).message || err).split("\n").slice(0, 3).join(" ");
    throw new CfError(400, CODES.scriptInvalid, `Uncaught error while starting the Worker: ${msg}`);
  }
}

/** PUT /accounts/{id}/workers/scripts/{name}: multipart metadata + modules. @param {Ctx} ctx */
async function uploadScript({ store, workers, params, query, body }) {
  if (query.get("rollback_to")) throw new CfError(400, CODES.unsupported, "The local Cloudflare does not model rollback_to");
  /** @type {{ form: FormData, metadata: any }} */
  const { form, metadata } = body;
  if (metadata.body_part || !metadata.main_module) throw new CfError(400, CODES.unsupported, "The local Cloudflare models only ES module Workers: set metadata.main_module");
  /** @type {import("./state.mjs").Script["modules"]} */
  const modules = [];
  for (const [name, part] of form.entries()) {
    if (name === "metadata") continue;
    if (typeof part === "string") throw new CfError(400, CODES.scriptInvalid, `Part '${name}' has no content type; send modules as file parts`);
    const type = moduleType(part.type || "");
    if (type === null) continue;
    if (type === "__unsupported__") throw new CfError(400, CODES.scriptInvalid, `Part '${name}' has an unsupported content type '${part.type}'`);
    modules.push({ name, contentType: part.type, b64: Buffer.from(await part.arrayBuffer()).toString("base64") });
  }
  const main = modules.find((m) => m.name === metadata.main_module);
  if (!main) throw new CfError(400, CODES.scriptInvalid, `No such module: main_module '${metadata.main_module}' is not a part of the upload`);
  if (moduleType(main.contentType) !== "ESModule") throw new CfError(400, CODES.scriptInvalid, `main_module '${main.name}' must be sent as application/javascript+module`);

  const account = params.account_id;
  const previous = store.data.scripts.find((x) => x.account === account && x.name === params.script_name);

  // Durable Object classes after this upload's migrations.
  const doClasses = { ...(previous?.do_classes || {}) };
  let tag = previous?.migration_tag ?? null;
  if (metadata.migrations) {
    const m = metadata.migrations;
    // old_tag must name the script's current tag; leaving it out says "no migrations yet", so a migration sent to a
    // script that has had one (the same one sent again, too) is refused, as Cloudflare refuses it.
    if ((m.old_tag ?? null) !== tag) throw new CfError(400, CODES.migrationTag, `Migration tag precondition failed; current tag is ${tag ?? "none"}`);
    for (const step of m.steps || [m]) {
      for (const c of step.new_classes || []) doClasses[c] = false;
      for (const c of step.new_sqlite_classes || []) doClasses[c] = true;
      for (const c of step.deleted_classes || []) delete doClasses[c];
      for (const r of step.renamed_classes || []) {
        doClasses[r.to] = doClasses[r.from];
        delete doClasses[r.from];
      }
      if (step.transferred_classes?.length) throw new CfError(400, CODES.unsupported, "The local Cloudflare does not model transferred_classes");
    }
    tag = m.new_tag ?? tag;
  }

  // Bindings: this upload's, plus inherited ones, plus kept kinds from the previous version.
  const bindings = [];
  const named = new Set();
  for (const b of metadata.bindings || []) {
    if (b.type === "inherit") {
      const from = previous?.bindings.find((p) => p.name === (b.old_name || b.name));
      if (!from) {
        // Without bindings_inherit=strict Cloudflare drops an inherit binding it cannot resolve.
        if (query.get("bindings_inherit") !== "strict") continue;
        throw new CfError(400, CODES.scriptInvalid, `Cannot inherit binding '${b.old_name || b.name}': the previous version has no such binding`);
      }
      bindings.push({ ...from, name: b.name });
    } else if (b.type === "secret_key") {
      throw new CfError(400, CODES.unsupported, "The local Cloudflare does not model secret_key bindings");
    } else if (b.type === "kv_namespace") {
      if (!store.data.kv_namespaces.some((n) => n.account === account && n.id === b.namespace_id)) throw new CfError(400, 10041, `KV namespace '${b.namespace_id}' is not valid. [code: 10041]`);
      bindings.push(b);
    } else if (b.type === "durable_object_namespace") {
      if (b.script_name && b.script_name !== params.script_name) throw new CfError(400, CODES.unsupported, "The local Cloudflare models only Durable Objects defined in the same script");
      if (!(b.class_name in doClasses)) throw new CfError(400, 10061, `Cannot create binding for class '${b.class_name}' because it is not currently configured to implement Durable Objects. Did you miss a migration?`);
      bindings.push(b);
    } else bindings.push(b);
    named.add(b.name);
  }
  for (const p of previous?.bindings || []) {
    if ((metadata.keep_bindings || []).includes(p.type) && !named.has(p.name)) bindings.push(p);
  }
  const ts = now();
  /** @type {import("./state.mjs").Script} */
  const s = {
    account,
    name: params.script_name,
    etag: createHash("sha256").update(JSON.stringify([modules, metadata])).digest("hex"),
    created_on: previous?.created_on || ts,
    modified_on: ts,
    main_module: metadata.main_module,
    compatibility_date: metadata.compatibility_date || "2021-11-03",
    compatibility_flags: metadata.compatibility_flags || [],
    modules,
    bindings,
    migration_tag: tag,
    do_classes: doClasses,
    subdomain: previous?.subdomain || { enabled: false, previews_enabled: false },
    usage_model: metadata.usage_model || "standard",
    ...(metadata.observability ? { observability: metadata.observability } : {}),
    ...(previous?.port ? { port: previous.port } : {}),
  };
  const { startupMs, port } = await run(workers, s);
  s.port = port;
  workers.setEnabled(s.name, s.subdomain.enabled);
  store.data.scripts = store.data.scripts.filter((x) => x !== previous);
  store.data.scripts.push(s);
  store.save();
  return {
    status: 200,
    body: ok({
      id: s.name,
      etag: s.etag,
      handlers: ["fetch"],
      created_on: s.created_on,
      modified_on: s.modified_on,
      startup_time_ms: startupMs,
      usage_model: s.usage_model,
      logpush: metadata.logpush ?? false,
      tail_consumers: metadata.tail_consumers || [],
    }),
  };
}
