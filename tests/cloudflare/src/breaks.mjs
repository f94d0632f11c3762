// Dashboard edits the API contract has no operation for, so that tests can break a deployment the way its owner
// (or a colleague in the dashboard) might: `POST /__local/break {"what": ..., ...}`. Each answers what it changed.
//
// | what                | fields                                   | does |
// |---------------------|------------------------------------------|------|
// | `delete-secret`     | `script`, `name`                         | removes one secret of the script (the Worker restarts without it) |
// | `workers-dev`       | `script`, `enabled`                      | turns the script's workers.dev address on or off |
// | `edit-app`          | `app_id`, any of `redirect_uris`, `grant_types`, `policies` (ids) | edits the application in place |
// | `edit-policy`       | `policy_id`, `include`                   | replaces the reusable policy's include rules |
// | `token-permissions` | `token` (its value; default token when absent), `permissions` | changes what the token may do |
import { registerApp, runSpec } from "./api.mjs";

/** @param {string} message */
const refused = (message) => Object.assign(new Error(message), { status: 400 });

/**
 * @param {{ store: import("./state.mjs").Store, workers: import("./workers.mjs").WorkerHost, access: import("./access.mjs").AccessLike, defaultToken: () => string }} ctx
 * @param {any} body
 */
export async function applyBreak(ctx, body) {
  const { store, workers, access } = ctx;
  const script = () => {
    const s = store.data.scripts.find((x) => x.name === body.script);
    if (!s) throw refused(`no Worker named ${body.script}`);
    return s;
  };
  switch (body?.what) {
    case "delete-secret": {
      const s = script();
      const before = s.bindings.length;
      s.bindings = s.bindings.filter((b) => !(b.type === "secret_text" && b.name === body.name));
      if (s.bindings.length === before) throw refused(`the Worker ${s.name} has no secret ${body.name}`);
      workers.stage(s.name, runSpec(s));
      store.save();
      return { deleted: body.name };
    }
    case "workers-dev": {
      const s = script();
      s.subdomain = { ...s.subdomain, enabled: !!body.enabled };
      workers.setEnabled(s.name, s.subdomain.enabled);
      store.save();
      return { enabled: s.subdomain.enabled };
    }
    case "edit-app": {
      const app = store.data.apps.find((a) => a.id === body.app_id);
      if (!app) throw refused(`no application ${body.app_id}`);
      if (Array.isArray(body.redirect_uris)) app.saas_app.redirect_uris = body.redirect_uris;
      if (Array.isArray(body.grant_types)) app.saas_app.grant_types = body.grant_types;
      if (Array.isArray(body.policies)) {
        for (const id of body.policies) if (!store.data.policies.some((p) => p.id === id)) throw refused(`no policy ${id}`);
        app.policy_links = body.policies.map((/** @type {string} */ id, /** @type {number} */ i) => ({ id, precedence: i + 1 }));
      }
      access.removeApp(app.saas_app.client_id);
      registerApp(store, access, app);
      store.save();
      return { id: app.id, redirect_uris: app.saas_app.redirect_uris, grant_types: app.saas_app.grant_types };
    }
    case "edit-policy": {
      const policy = store.data.policies.find((p) => p.id === body.policy_id);
      if (!policy) throw refused(`no policy ${body.policy_id}`);
      if (!Array.isArray(body.include)) throw refused("include must be a list of rules");
      policy.include = body.include;
      store.save();
      return { id: policy.id, include: policy.include };
    }
    case "token-permissions": {
      const value = body.token ?? ctx.defaultToken();
      const token = store.data.tokens.find((t) => t.value === value);
      if (!token) throw refused("no such token");
      if (!Array.isArray(body.permissions)) throw refused("permissions must be a list of permission groups");
      token.permissions = body.permissions;
      store.save();
      return { id: token.id, permissions: token.permissions };
    }
    default:
      throw refused(`unknown break ${JSON.stringify(body?.what)}`);
  }
}
