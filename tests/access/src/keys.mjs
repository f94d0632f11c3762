// RS256 signing keys for the stand-in's apps, and a tiny JWS signer for the fault injector.
import { createPrivateKey, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

/**
 * A fresh RSA-2048 private JWK with a random `kid`, as oidc-provider's `jwks.keys` expects.
 * @returns {Record<string, unknown>}
 */
export function generateSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

/** @param {Buffer | string} data */
export const b64url = (data) => Buffer.from(data).toString('base64url');

/**
 * Signs a JWT with RS256.
 * @param {Record<string, unknown>} header
 * @param {Record<string, unknown>} payload
 * @param {Record<string, unknown>} privateJwk
 */
export function signRs256(header, payload, privateJwk) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = createPrivateKey({ key: /** @type {import('node:crypto').JsonWebKey} */ (privateJwk), format: 'jwk' });
  const signature = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(signature)}`;
}
