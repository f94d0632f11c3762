// Every bound the Worker puts on unauthenticated input, in one place, and the bounded body reader.
// workers-oauth-provider turns client ids and tokens into KV keys (KV refuses keys over 512 bytes with a 500), and
// agents' McpAgent checks only Content-Length before buffering a body, so these limits apply before either runs.

/** Bytes read from a request body, per endpoint. A chunked body is counted as it streams. */
export const BODY_LIMITS = {
  /** A tools/call of `statistics` with 10,000 numbers is about 200 KB. */
  mcp: 1024 * 1024,
  register: 64 * 1024,
  token: 16 * 1024,
  /** The consent form carries one handle and a decision. */
  authorize: 16 * 1024,
} as const;

/** Longest request URL (path and query) accepted on any route. */
export const MAX_URL_CHARS = 8 * 1024;

/**
 * Client ids the library issues are 16 characters and become KV keys (`client:<id>`), so they are counted in UTF-8
 * bytes, as KV counts keys; a Client ID Metadata Document URL is fetched, never a key, and may be longer.
 */
export const MAX_CLIENT_ID_BYTES = 256;
export const MAX_CIMD_CLIENT_ID_BYTES = 1024;

/** Tokens and codes the library issues are `<sub>:<grantId>:<random>`, under 100 characters, all ASCII. */
export const MAX_TOKEN_BYTES = 256;

/** Streamable HTTP session ids are 64 hex characters (a Durable Object id). */
export const MAX_SESSION_ID_CHARS = 128;

/** Other OAuth parameters: redirect_uri, resource, state, scope, code_verifier (RFC 7636 caps it at 128). */
export const MAX_PARAMETER_CHARS = 2048;

/** Dynamic client registration (RFC 7591) metadata. */
export const REGISTRATION_LIMITS = {
  redirectUris: 10,
  redirectUriChars: 2048,
  clientNameChars: 200,
  /** client_uri, logo_uri, tos_uri, policy_uri, software_id, software_version, jwks_uri. */
  otherStringChars: 2048,
  contacts: 10,
} as const;

/** Registrations accepted per client address (CF-Connecting-IP) per window. */
export const REGISTRATION_RATE = { limit: 20, windowSeconds: 3600 } as const;

/** A registered client that has not completed a login by then is deleted (KV expiry). */
export const PENDING_REGISTRATION_SECONDS = 3600;

/** The UTF-8 length of a string: what KV limits (512 bytes per key), not its length in UTF-16 units. */
export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Reads at most `limit` bytes of the body, whatever Content-Length says (chunked bodies have none), and throws
 * {@link BodyTooLarge} as soon as the stream goes past it.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same request with its (already read) body, so the library and the agent can read it again. */
export function withBody(request: Request, body: Uint8Array): Request {
  const headers = new Headers(request.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(body.byteLength));
  return new Request(request.url, { method: request.method, headers, body });
}
