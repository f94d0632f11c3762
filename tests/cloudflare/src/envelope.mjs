// Cloudflare's response envelope and the error codes the stand-in uses.

/** @typedef {{ code: number, message: string }} CfMessage */

/** Error codes. Real Cloudflare codes where known; the rest are documented stand-in choices (README.md). */
export const CODES = /** @type {const} */ ({
  missingAuth: 9106, // "Missing X-Auth-Key, X-Auth-Email or Authorization headers" (400)
  badAuthHeader: 6003, // "Invalid request headers" (400)
  invalidToken: 1000, // "Invalid API Token" (401)
  authError: 10000, // "Authentication error" (403)
  malformedJson: 6007, // "Malformed JSON in request body" (400)
  invalidRequest: 10001, // request does not match the OpenAPI contract (400)
  noRoute: 7003, // "Could not route to …" (404)
  internal: 10002, // "Unexpected internal server error"
  rateLimited: 971, // "Please wait and consider throttling your request speed" (429)
  scriptNotFound: 10007, // "This Worker does not exist on your account."
  scriptInvalid: 10021, // script failed validation checks (400)
  kvNotFound: 10013,
  kvDuplicate: 10014,
  accessNotFound: 12128,
  accessInvalid: 12130,
  unsupported: 10301, // stand-in: a feature the local Cloudflare does not model (400)
  migrationTag: 10079, // "Migration tag precondition failed; current tag is v1" (400)
  scriptBusy: 10429, // stand-in: the 429 to overlapping changes of one script (Cloudflare's code is not documented)
});

export class CfError extends Error {
  /** @param {number} status @param {number} code @param {string} message @param {Record<string,string>} [headers] */
  constructor(status, code, message, headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers || {};
  }
}

/** @param {any} result @param {{ messages?: CfMessage[], result_info?: object }} [extra] */
export function ok(result, extra = {}) {
  /** @type {any} */
  const body = { success: true, errors: [], messages: extra.messages || [], result };
  if (extra.result_info) body.result_info = extra.result_info;
  return body;
}

/** @param {number} code @param {string} message */
export function fail(code, message) {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

/**
 * Cloudflare-style paging over an array.
 * @template T @param {T[]} items @param {URLSearchParams} query @param {{ perPage: number, maxPerPage: number }} d
 */
export function paginate(items, query, d) {
  const page = Math.max(1, Math.floor(Number(query.get("page") || 1)) || 1);
  const perPage = Math.min(d.maxPerPage, Math.max(1, Math.floor(Number(query.get("per_page") || d.perPage)) || d.perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  return {
    result: slice,
    result_info: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) },
  };
}
