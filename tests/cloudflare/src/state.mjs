// The local Cloudflare's state: plain JSON, in memory, optionally kept in a file (written after every change).
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export const hex = (/** @type {number} */ bytes) => randomBytes(bytes).toString("hex");
export const uuid = () => randomUUID();
export const now = () => new Date().toISOString();
/** A token value shaped like Cloudflare's (40 characters, URL-safe). */
export const tokenValue = () => randomBytes(30).toString("base64url");

/**
 * @typedef {object} Token
 * @property {string} id
 * @property {string} value
 * @property {string} name
 * @property {"active" | "disabled" | "expired"} status
 * @property {string[]} permissions   x-api-token-group names the token carries
 * @property {string[] | null} accounts  account ids it may touch (null: all)
 * @property {string} [expires_on]
 * @property {string} [not_before]
 * @property {"user" | "account"} [kind]  who owns it (default user); an account-owned token verifies at /accounts/{id}/tokens/verify
 */

/**
 * @typedef {object} Script
 * @property {string} account
 * @property {string} name
 * @property {string} etag
 * @property {string} created_on
 * @property {string} modified_on
 * @property {string} main_module
 * @property {string} compatibility_date
 * @property {string[]} compatibility_flags
 * @property {{ name: string, contentType: string, b64: string }[]} modules
 * @property {any[]} bindings           as uploaded, secret values included (never served back)
 * @property {string | null} migration_tag
 * @property {Record<string, boolean>} do_classes  class name -> SQLite-backed
 * @property {{ enabled: boolean, previews_enabled: boolean }} subdomain
 * @property {number} [port]            loopback port it was served at (reused after a restart)
 * @property {string} usage_model
 * @property {any} [observability]      as uploaded (Workers Logs)
 */

/**
 * @typedef {object} Data
 * @property {{ id: string, name: string, type: string, created_on: string, settings: object }[]} accounts
 * @property {Token[]} tokens
 * @property {Record<string, any>} organizations   account id -> Zero Trust organization
 * @property {Record<string, string | null>} subdomains account id -> workers.dev subdomain
 * @property {any[]} identity_providers  each with `account`
 * @property {any[]} policies            each with `account`
 * @property {any[]} apps                each with `account`; saas_app.client_secret kept here only
 * @property {any[]} kv_namespaces       each with `account`
 * @property {Script[]} scripts
 */

/**
 * A fresh state from the configuration; `accounts` keeps existing accounts (a reset).
 * @param {any} config @param {string} authDomain @param {Data["accounts"]} [accounts]
 * @returns {Data}
 */
export function initialData(config, authDomain, accounts = newAccounts(config)) {
  /** @type {Data} */
  const data = {
    accounts,
    tokens: [],
    organizations: {},
    subdomains: {},
    identity_providers: [],
    policies: [],
    apps: [],
    kv_namespaces: [],
    scripts: [],
  };
  for (const a of accounts) {
    data.organizations[a.id] = organization(authDomain);
    data.subdomains[a.id] = config.workers_subdomain === undefined ? "gatehouse-local" : config.workers_subdomain;
    for (const idp of config.identity_providers || []) data.identity_providers.push({ id: uuid(), config: {}, ...idp, account: a.id });
  }
  return data;
}

/** @param {any} config */
function newAccounts(config) {
  const count = Math.max(1, config.accounts ?? 1);
  return Array.from({ length: count }, (_, i) => ({
    id: i === 0 && config.account_id ? config.account_id : hex(16),
    name: i === 0 ? config.account_name || "Gatehouse Local" : `Local account ${i + 1}`,
    type: "standard",
    created_on: now(),
    settings: { enforce_twofactor: false, abuse_contact_email: null },
  }));
}

/** @param {string} authDomain */
export function organization(authDomain) {
  return {
    name: "Gatehouse Local",
    auth_domain: authDomain,
    session_duration: "24h",
    auto_redirect_to_identity: false,
    is_ui_read_only: false,
    allow_authenticate_via_warp: false,
    login_design: {},
    created_at: now(),
    updated_at: now(),
  };
}

export class Store {
  /** @param {Data} data @param {string | null} file */
  constructor(data, file) {
    this.data = data;
    this.file = file;
  }
  /** @param {string} file */
  static load(file) {
    if (!existsSync(file)) return null;
    return /** @type {Data} */ (JSON.parse(readFileSync(file, "utf8")));
  }
  save() {
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 1), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
