// Which scopes a login grants. workers-oauth-provider stores whatever `completeAuthorization()` is given and leaves
// enforcement to the resource (its `requiredScopes` is advertised, not enforced), so the policy lives here:
//   - `mcp` is the one scope /mcp requires (the 401 challenge and the protected-resource metadata name it);
//   - `offline_access` is accepted and changes nothing (refresh tokens are issued either way);
//   - a request that names no scope gets `mcp` (RFC 6749 §3.3 lets the server apply a default), so clients that
//     send no `scope` keep working;
//   - any other scope is refused with `invalid_scope` before the consent page.

import { err, ok, type Result } from '../result';

export const MCP_SCOPE = 'mcp';
export const SUPPORTED_SCOPES = [MCP_SCOPE, 'offline_access'] as const;
const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_SCOPES);

/** The scopes to grant for the requested ones, or the unknown scopes that make the request fail. */
export function grantedScopes(requested: readonly string[]): Result<string[], string[]> {
  const asked = [...new Set(requested.filter((s) => s.length > 0))];
  const unknown = asked.filter((s) => !SUPPORTED.has(s));
  if (unknown.length > 0) return err(unknown);
  return ok(asked.length === 0 ? [MCP_SCOPE] : asked);
}
