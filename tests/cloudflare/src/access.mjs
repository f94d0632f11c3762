// Adapter to the Access for SaaS stand-in in ../../access (tests/access): one OIDC provider per SaaS app.
// If that package (or its node_modules) is missing, a recording stub keeps the API usable; logins then fail.

/**
 * @typedef {object} AccessLike
 * @property {string} baseUrl
 * @property {string} authDomain
 * @property {boolean} stub
 * @property {(app: any) => any} addApp
 * @property {(clientId: string, changes: any) => any} updateApp
 * @property {(clientId: string) => boolean} removeApp
 * @property {(email: string | null) => void} setAutoLogin
 * @property {(mode: "block-page" | "error-redirect") => void} setRefusal
 * @property {() => Promise<void>} close
 */

/** @param {{ host: string, port?: number, autoLoginEmail?: string | null, pin?: string | null, refusal?: "block-page" | "error-redirect" }} opts @returns {Promise<AccessLike>} */
export async function startAccess(opts) {
  let mod;
  try {
    mod = await import(new URL("../../access/src/index.mjs", import.meta.url).href);
  } catch (err) {
    const e = /** @type {any} */ (err);
    if (e?.code !== "ERR_MODULE_NOT_FOUND") throw err;
    process.stderr.write(`local-cloudflare: Access stand-in unavailable (${e.message.split("\n")[0]}); using a stub without OIDC\n`);
    return stubAccess(opts.host);
  }
  const server = await mod.createAccessServer({
    host: opts.host,
    port: opts.port ?? 0,
    autoLoginEmail: opts.autoLoginEmail ?? null,
    pin: opts.pin ?? null,
    refusal: opts.refusal ?? "block-page",
  });
  return Object.assign(server, { stub: false });
}

/** @param {string} host @returns {AccessLike} */
function stubAccess(host) {
  const apps = new Map();
  const baseUrl = `http://${host}:9`; // discard port: nothing answers
  return {
    baseUrl,
    authDomain: `${host}:9`,
    stub: true,
    addApp: (app) => (apps.set(app.clientId, app), { clientId: app.clientId, issuer: `${baseUrl}/cdn-cgi/access/sso/oidc/${app.clientId}` }),
    updateApp: (id, changes) => (apps.set(id, { ...apps.get(id), ...changes }), { clientId: id }),
    removeApp: (id) => apps.delete(id),
    setAutoLogin: () => {},
    setRefusal: () => {},
    close: async () => {},
  };
}
