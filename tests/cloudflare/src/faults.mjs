// Fault injection by configuration: errors, 429 + Retry-After, slow answers, dying after N calls, and answers lost
// after the request was carried out (a 502/504 from a proxy, or a connection cut) as Cloudflare can produce them.

/**
 * @typedef {object} FaultRule
 * @property {string} [operation]   operationId to match (e.g. "worker-put-script-secret")
 * @property {string} [path]        regular expression tested against the API path (after /client/v4)
 * @property {string} [method]      HTTP method to match
 * @property {number} [status]      answer with this status (5xx or 429) and Cloudflare's error envelope
 * @property {number} [retry_after] seconds, sent as Retry-After (default 1 with status 429)
 * @property {number} [delay_ms]    wait this long before answering (alone: a slow but normal answer)
 * @property {boolean} [die]        the process stops answering (the CLI exits with code 75)
 * @property {boolean} [carry_out]  carry the request out first, then answer with `status` instead of its answer,
 *                                  or with `drop` cut the connection without answering
 * @property {boolean} [drop]       with carry_out: no answer at all (the client sees the connection close)
 * @property {number} [after]       let this many matching calls through first (default 0)
 * @property {number} [times]       apply to this many matching calls, then stop (default: every call)
 */

export class Faults {
  constructor() {
    /** @type {(FaultRule & { seen: number, applied: number })[]} */
    this.rules = [];
  }
  /** @param {FaultRule[]} rules */
  add(rules) {
    for (const r of rules) {
      if (r.path) new RegExp(r.path); // throws early on a bad pattern
      this.rules.push({ ...r, seen: 0, applied: 0 });
    }
  }
  clear() {
    this.rules = [];
  }
  list() {
    return this.rules.map((r) => ({ ...r }));
  }
  /**
   * The first rule that applies to this call (counting it), or null.
   * @param {{ operationId: string | null, method: string, path: string }} call
   */
  match(call) {
    for (const r of this.rules) {
      if (r.operation && r.operation !== call.operationId) continue;
      if (r.method && r.method.toUpperCase() !== call.method) continue;
      if (r.path && !new RegExp(r.path).test(call.path)) continue;
      r.seen += 1;
      if (r.seen <= (r.after || 0)) continue;
      if (r.times !== undefined && r.applied >= r.times) continue;
      r.applied += 1;
      return r;
    }
    return null;
  }
}
