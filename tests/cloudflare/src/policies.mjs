// Access policy rules: which kinds the stand-in evaluates, and the decision for an email.
import { CfError, CODES } from "./envelope.mjs";

/** Rule kinds evaluated against the login email. Every other kind of access_rule is refused with a 400. */
const RULES = {
  /** @param {any} r @param {string} email */
  email: (r, email) => email.toLowerCase() === String(r.email?.email || "").toLowerCase(),
  /** @param {any} r @param {string} email */
  email_domain: (r, email) => email.toLowerCase().endsWith("@" + String(r.email_domain?.domain || "").toLowerCase()),
  everyone: () => true,
};
export const SUPPORTED_RULES = Object.keys(RULES);

/** @param {any} rule */
function kindOf(rule) {
  const keys = Object.keys(rule || {});
  return keys.length === 1 ? keys[0] : keys.join("+");
}

/** Throws a 400 naming the first rule kind the stand-in cannot evaluate. @param {any} policy */
export function checkRules(policy) {
  for (const list of ["include", "exclude", "require"]) {
    for (const rule of policy[list] || []) {
      const kind = kindOf(rule);
      if (!(kind in RULES)) {
        throw new CfError(
          400,
          CODES.unsupported,
          `The local Cloudflare does not evaluate Access rule '${kind}' (in ${list}); supported: ${SUPPORTED_RULES.join(", ")}`,
        );
      }
    }
  }
  if (!policy.include?.length) throw new CfError(400, CODES.accessInvalid, "access.api.error.invalid_request: policy.include must not be empty");
}

/** @param {any[]} rules @param {string} email */
const anyMatch = (rules, email) => rules.some((r) => /** @type {any} */ (RULES)[kindOf(r)]?.(r, email) === true);

/**
 * Access semantics for an identity: policies in precedence order; the first whose include matches (and exclude does
 * not, and every require does) decides. allow and bypass let the user in, deny refuses; non_identity policies do not
 * apply to a login. No matching policy: refused.
 * @param {{ decision: string, include?: any[], exclude?: any[], require?: any[] }[]} policies sorted by precedence
 * @param {string} email
 */
export function isAllowed(policies, email) {
  for (const p of policies) {
    if (p.decision === "non_identity") continue;
    const matches = anyMatch(p.include || [], email) && !anyMatch(p.exclude || [], email) && (p.require || []).every((r) => anyMatch([r], email));
    if (matches) return p.decision === "allow" || p.decision === "bypass";
  }
  return false;
}
