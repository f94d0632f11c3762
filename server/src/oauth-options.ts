// workers-oauth-provider's configuration. The resource (`<origin>/mcp`) and the issuer (`<origin>`) are the
// request's own origin, because the Worker does not know its hostname at build time (workers.dev subdomain, a
// custom domain, or 127.0.0.1:<port> under Miniflare). Tokens are bound to that resource, so a token issued for one
// origin is refused at another.
import { OAuthProvider, type OAuthProviderOptions } from '@cloudflare/workers-oauth-provider';

import { followAccessPolicy } from './access/refresh';
import { accessHandler } from './access-handler';
import { GatehouseMcp } from './mcp-agent';
import { checkRegistration } from './redirect-policy';
import { guardMcp } from './security/mcp-guard';
import { checkRegistrationLimits } from './security/registration';
import { MCP_SCOPE, SUPPORTED_SCOPES } from './security/scopes';

export const MCP_PATH = '/mcp';

/**
 * Access tokens live 10 minutes: each refresh re-checks the Access policy (access/refresh.ts), so a user removed
 * from the policy is out within this long. See README.md, "Security".
 */
export const ACCESS_TOKEN_TTL_SECONDS = 600;

const apiHandler = guardMcp(GatehouseMcp.serve(MCP_PATH, { binding: 'MCP_OBJECT' }));

export function providerOptions(origin: string): OAuthProviderOptions<Env> {
  return {
    apiRoute: MCP_PATH,
    apiHandler,
    defaultHandler: accessHandler,
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register',
    scopesSupported: [...SUPPORTED_SCOPES],
    requiredScopes: [MCP_SCOPE],
    resourceMetadata: {
      resource: `${origin}${MCP_PATH}`,
      authorization_servers: [origin],
      resource_name: 'Gatehouse MCP server',
    },
    // Native apps (the desktop app's dev.gatehouse.app:/oauth/callback); redirect-policy.ts narrows these further.
    allowPrivateUseRedirectUris: true,
    clientRegistrationCallback: (options) => checkRegistrationLimits(options) ?? checkRegistration(options),
    tokenExchangeCallback: (options) => followAccessPolicy(options),
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTTL: 30 * 24 * 3600,
    // Client ID Metadata Documents (the MCP specification's preferred registration); needs the
    // global_fetch_strictly_public compatibility flag (wrangler.jsonc), so the fetch cannot reach private addresses.
    clientIdMetadataDocumentEnabled: true,
  };
}

const MAX_ORIGINS = 8;
const providers = new Map<string, OAuthProvider<Env>>();

/** One provider per origin the Worker is reached at (usually exactly one). */
export function providerFor(request: Request): OAuthProvider<Env> {
  const origin = new URL(request.url).origin;
  let provider = providers.get(origin);
  if (!provider) {
    if (providers.size >= MAX_ORIGINS) providers.clear();
    provider = new OAuthProvider<Env>(providerOptions(origin));
    providers.set(origin, provider);
  }
  return provider;
}
