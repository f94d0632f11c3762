// Dynamic client registration (RFC 7591) limits that workers-oauth-provider leaves to the application:
//   - sizes: how many redirect URIs, how long the name, the URIs and the other strings (checkRegistrationLimits,
//     run as part of the library's clientRegistrationCallback);
//   - a rate per client address, counted in a Durable Object (registrationAllowed);
//   - a registration that never completes a login expires after an hour (expireUnlessUsed). The library renews a
//     client's registration for its full lifetime (90 days) at its first successful token request once the
//     registration is past half its lifetime, which a one-hour stamp always is: a client that logs in keeps its
//     client_id, one that does not disappears.
import type { ClientRegistrationCallbackOptions, ClientRegistrationCallbackResult } from '@cloudflare/workers-oauth-provider';

import { getAgentByName } from 'agents';

import { isLoopbackHost } from '../redirect-policy';
import { PENDING_REGISTRATION_SECONDS, REGISTRATION_LIMITS, REGISTRATION_RATE } from './limits';

const OTHER_STRING_FIELDS = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'jwks_uri', 'software_id', 'software_version'];

function refuse(description: string): ClientRegistrationCallbackResult {
  return { code: 'invalid_client_metadata', description };
}

export function checkRegistrationLimits({
  clientMetadata,
}: ClientRegistrationCallbackOptions): ClientRegistrationCallbackResult | undefined {
  const uris = clientMetadata.redirect_uris;
  if (Array.isArray(uris)) {
    if (uris.length > REGISTRATION_LIMITS.redirectUris) {
      return { code: 'invalid_redirect_uri', description: `at most ${REGISTRATION_LIMITS.redirectUris} redirect URIs` };
    }
    if (uris.some((u) => typeof u !== 'string' || u.length > REGISTRATION_LIMITS.redirectUriChars)) {
      return {
        code: 'invalid_redirect_uri',
        description: `a redirect URI is longer than ${REGISTRATION_LIMITS.redirectUriChars} characters`,
      };
    }
  }
  const name = clientMetadata.client_name;
  if (name !== undefined && (typeof name !== 'string' || name.length > REGISTRATION_LIMITS.clientNameChars)) {
    return refuse(`client_name must be a string of at most ${REGISTRATION_LIMITS.clientNameChars} characters`);
  }
  for (const field of OTHER_STRING_FIELDS) {
    const value = clientMetadata[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > REGISTRATION_LIMITS.otherStringChars)) {
      return refuse(`${field} must be a string of at most ${REGISTRATION_LIMITS.otherStringChars} characters`);
    }
  }
  const contacts = clientMetadata.contacts;
  if (contacts !== undefined && (!Array.isArray(contacts) || contacts.length > REGISTRATION_LIMITS.contacts)) {
    return refuse(`contacts must be a list of at most ${REGISTRATION_LIMITS.contacts} addresses`);
  }
  return undefined;
}

/** Durable Object names of the registration counters (never a Streamable HTTP session's `streamable-http:` name). */
export const REGISTRATION_COUNTER_PREFIX = 'registrations:';

/** The counter's RPC surface on GatehouseMcp (see mcp-agent.ts). */
type CounterStub = { countRegistration(limit: number, windowSeconds: number): Promise<boolean> };

/**
 * Counts one registration attempt for the client's address; false once the address is over the limit. On Cloudflare
 * `CF-Connecting-IP` is set by the edge and never loopback; loopback addresses (only possible locally) are not
 * counted, so local tools and the benchmark can register freely.
 */
export async function registrationAllowed(request: Request, env: Env): Promise<boolean> {
  const address = request.headers.get('cf-connecting-ip');
  if (!address || isLoopbackHost(address)) return true;
  // The counter lives in the MCP agent's Durable Object namespace under its own name (GatehouseMcp does not start an
  // MCP server for it): a separate class would need a new migration, which existing deployments would not receive
  // on re-upload.
  const name = `${REGISTRATION_COUNTER_PREFIX}${address.slice(0, 64)}`;
  const stub = (await getAgentByName(env.MCP_OBJECT, name)) as unknown as CounterStub;
  return stub.countRegistration(REGISTRATION_RATE.limit, REGISTRATION_RATE.windowSeconds);
}

/** Shortens a new registration's life until the client completes a login (see the file comment). */
export async function expireUnlessUsed(env: Env, clientId: string): Promise<void> {
  const key = `client:${clientId}`;
  const record = await env.OAUTH_KV.get<Record<string, unknown>>(key, { type: 'json' });
  if (!record) return;
  const now = Math.floor(Date.now() / 1000);
  await env.OAUTH_KV.put(key, JSON.stringify({ ...record, registrationExpiresAt: now + PENDING_REGISTRATION_SECONDS }), {
    expirationTtl: PENDING_REGISTRATION_SECONDS,
  });
}
