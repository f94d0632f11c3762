// Defective id_tokens, so the Worker's refusal paths can be tested through the whole login flow.
import { b64url, generateSigningKey, signRs256 } from './keys.mjs';

/**
 * @typedef {'alg-none' | 'unknown-kid' | 'wrong-key' | 'wrong-iss' | 'wrong-aud' | 'expired' | 'nonce-mismatch' | MissingClaimFault} IdTokenFault
 * @typedef {`missing-${typeof DOCUMENTED_CLAIMS[number]}`} MissingClaimFault a token without that claim
 */

/** The id_token claims Access documents (and a relying party may need): each has a `missing-<claim>` fault. */
export const DOCUMENTED_CLAIMS = /** @type {const} */ (['sub', 'email', 'iss', 'aud', 'exp', 'iat', 'nonce']);

/** @type {readonly IdTokenFault[]} */
export const ID_TOKEN_FAULTS = Object.freeze([
  'alg-none',
  'unknown-kid',
  'wrong-key',
  'wrong-iss',
  'wrong-aud',
  'expired',
  'nonce-mismatch',
  ...DOCUMENTED_CLAIMS.map((claim) => /** @type {MissingClaimFault} */ (`missing-${claim}`)),
]);

/** @type {Record<string, unknown> | undefined} */
let foreignKey;

/**
 * Returns a defective copy of a genuine id_token.
 * @param {string} idToken the token oidc-provider issued
 * @param {IdTokenFault} fault
 * @param {Record<string, unknown>} signingKey the app's private JWK
 */
export function applyIdTokenFault(idToken, fault, signingKey) {
  const [h, p] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  switch (fault) {
    case 'alg-none':
      return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
    case 'unknown-kid':
      return signRs256({ ...header, kid: 'no-such-key' }, payload, signingKey);
    case 'wrong-key':
      foreignKey ??= generateSigningKey();
      // Same kid as the genuine key, so only the signature check can catch it.
      return signRs256(header, payload, foreignKey);
    case 'wrong-iss':
      return signRs256(header, { ...payload, iss: 'https://attacker.example/cdn-cgi/access/sso/oidc/x' }, signingKey);
    case 'wrong-aud':
      return signRs256(header, { ...payload, aud: 'some-other-client' }, signingKey);
    case 'expired':
      return signRs256(header, { ...payload, iat: now - 3600, exp: now - 1800 }, signingKey);
    case 'nonce-mismatch':
      return signRs256(header, { ...payload, nonce: 'not-the-nonce-that-was-sent' }, signingKey);
    default: {
      const claim = fault.startsWith('missing-') ? fault.slice('missing-'.length) : '';
      if (!DOCUMENTED_CLAIMS.includes(/** @type {any} */ (claim))) throw new Error(`unknown id_token fault ${String(fault)}`);
      const { [claim]: _dropped, ...rest } = payload;
      return signRs256(header, rest, signingKey);
    }
  }
}
