// The contract: Cloudflare's OpenAPI subset, the repository's copy in contract/cloudflare, loaded at run time and
// enforced by openapi-backend (routing, parameters, JSON bodies, responses per status code; Ajv underneath).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import addFormats from "ajv-formats";
import { OpenAPIBackend } from "openapi-backend";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
/** The repository's copy of the contract (contract/README.md says where it comes from). */
export const CONTRACT_DIR = join(repoRoot, "contract", "cloudflare");

/** @returns {string} the path of the OpenAPI subset. */
export function specPath() {
  return join(CONTRACT_DIR, "cloudflare-setup-subset.openapi.json");
}

/** @returns {string} the shared contract the copy follows (GATEHOUSE_SHARED_DIR, default <repo>/../shared). */
export function sharedContractDir() {
  return join(process.env.GATEHOUSE_SHARED_DIR || join(repoRoot, "..", "shared"), "cloudflare");
}

// Operations whose schema names no x-api-token-group. We require the group a token would need for the
// sibling operation on the same resource (documented in README.md).
const INFERRED_GROUPS = {
  "access-applications-delete-an-access-application": ["Access: Apps and Policies Write"],
  "worker-script-delete-worker": ["Workers Scripts Write"],
};

/**
 * @typedef {object} Contract
 * @property {OpenAPIBackend} api
 * @property {(op: string) => string[] | null} permissionGroups  null = any valid token
 * @property {string[]} allGroups
 */

/** @returns {Promise<Contract>} */
export async function loadContract(file = specPath()) {
  const definition = patchQuirks(JSON.parse(readFileSync(file, "utf8")));
  const api = new OpenAPIBackend({
    definition,
    strict: false,
    validate: true,
    quick: true, // validators compile on first use; the definition itself is checked by contract/cloudflare/check_refs.py
    coerceTypes: true,
    ajvOpts: { allErrors: false, strict: false },
    customizeAjv: (ajv) => {
      addFormats.default(/** @type {any} */ (ajv));
      return ajv;
    },
  });
  api.register({ notImplemented: () => undefined });
  await api.init();
  /** @type {Record<string, string[] | null>} */
  const groups = {};
  /** @type {Set<string>} */
  const all = new Set();
  for (const op of api.router.getOperations()) {
    const id = op.operationId || "";
    const g = /** @type {any} */ (op)["x-api-token-group"] || /** @type {Record<string, string[]>} */ (INFERRED_GROUPS)[id] || null;
    groups[id] = g;
    for (const x of g || []) all.add(x);
  }
  return {
    api,
    permissionGroups: (op) => groups[op] ?? null,
    allGroups: [...all].sort(),
  };
}

/**
 * Two fixes to the contract, applied in memory, each implementing what the schema means where Ajv cannot:
 * 1. OpenAPI 3.0 writeOnly: "required" on a writeOnly property applies to requests only, and a response must not
 *    carry it (secrets). Ajv ignores writeOnly, so every schema reachable from a response gets a response copy
 *    (`<name>__response`) in which writeOnly properties are dropped from `required` and forbidden.
 * 2. Some failure responses (the iam ones: token verify, accounts list) are allOf[<success schema>, <failure schema>],
 *    which no body satisfies (success must be both true and false). Such a response keeps only its failure schema.
 * 3. The upload's multipart body is oneOf[{metadata, <any part name>}, {message}] with nothing required, so every
 *    body matches the rollback branch and a real upload matches both. The module branch now requires `metadata` and
 *    the rollback branch requires `message`, so the metadata part is validated (the server passes it parsed).
 * 4. metadata.migrations is oneOf[single_step, stepped] and neither excludes the other, so every migration matches
 *    both branches and oneOf fails. `steps` becomes required in the stepped form and forbidden in the single one.
 * @param {any} doc
 */
export function patchQuirks(doc) {
  const schemas = doc.components.schemas;
  const stepped = schemas.workers_stepped_migrations;
  if (stepped?.allOf?.[1]?.properties?.steps && !stepped.allOf[1].required) stepped.allOf[1].required = ["steps"];
  const single = schemas.workers_single_step_migrations;
  if (single && !single.not) single.not = { required: ["steps"] };

  const upload = doc.components.requestBodies?.workers_script_upload?.content?.["multipart/form-data"]?.schema;
  if (upload?.oneOf?.length === 2) {
    upload.oneOf[0].required ??= ["metadata"];
    upload.oneOf[1].required ??= ["message"];
  }

  const PREFIX = "#/components/schemas/";
  /** @param {any} s */
  const isWriteOnly = (s) => !!s && (s.writeOnly === true || (s.$ref && schemas[s.$ref.slice(PREFIX.length)]?.writeOnly === true));
  /** @param {any} node @returns {any} */
  const toResponse = (node) => {
    if (Array.isArray(node)) return node.map(toResponse);
    if (!node || typeof node !== "object") return node;
    /** @type {any} */
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith(PREFIX)) out.$ref = responseRef(v.slice(PREFIX.length));
      else if (k === "discriminator") continue; // mapping targets would point at request copies
      else out[k] = toResponse(v);
    }
    if (out.properties && typeof out.properties === "object") {
      const wo = Object.keys(node.properties).filter((p) => isWriteOnly(node.properties[p]));
      for (const p of wo) out.properties[p] = { not: {}, description: "writeOnly: never in a response" };
      if (Array.isArray(out.required)) out.required = out.required.filter((/** @type {string} */ r) => !wo.includes(r));
    }
    return out;
  };
  /** @param {string} name */
  const responseRef = (name) => {
    const copy = `${name}__response`;
    if (!schemas[copy]) {
      schemas[copy] = {}; // placeholder against cycles
      schemas[copy] = toResponse(schemas[name]);
    }
    return PREFIX + copy;
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(/** @type {any} */ (item))) {
      for (const res of Object.values(op?.responses || {})) {
        for (const media of Object.values(/** @type {any} */ (res).content || {})) {
          const parts = media.schema?.allOf;
          const failure = Array.isArray(parts) && parts.find((/** @type {any} */ x) => /-common-failure$/.test(x.$ref || ""));
          if (failure && parts.some((/** @type {any} */ x) => x.$ref && x !== failure)) media.schema = failure;
          if (media.schema) media.schema = toResponse(media.schema);
        }
      }
    }
  }
  return doc;
}
