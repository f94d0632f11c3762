// Test keys and a JWT signer, in workerd's WebCrypto.
export type TestKey = { kid: string; privateKey: CryptoKey; publicJwk: JsonWebKey & { kid: string } };

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) } as const;

export async function makeKey(kid: string): Promise<TestKey> {
  const pair = (await crypto.subtle.generateKey(RS256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return { kid, privateKey: pair.privateKey, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } };
}

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const enc = (value: unknown): string => b64url(new TextEncoder().encode(JSON.stringify(value)));

export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, new TextEncoder().encode(input)));
  return `${input}.${b64url(sig)}`;
}

export async function hmacJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const input = `${enc(header)}.${enc(payload)}`;
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${b64url(sig)}`;
}

export function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${enc(header)}.${enc(payload)}.`;
}

/** A fetcher serving a JWKS that the test can change, counting requests. */
export function jwksServer(initial: Array<JsonWebKey & { kid: string }>) {
  const state = { keys: initial, requests: 0, fail: false };
  const fetcher = async (): Promise<Response> => {
    state.requests += 1;
    if (state.fail) return new Response('down', { status: 503 });
    return Response.json({ keys: state.keys });
  };
  return { state, fetcher };
}
