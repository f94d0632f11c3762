// What /mcp checks after workers-oauth-provider has accepted the bearer token and before agents' McpAgent runs:
//   - the token carries the `mcp` scope, else 403 insufficient_scope (the library advertises scopes, never enforces);
//   - the body is read with a byte limit (McpAgent checks only Content-Length, so a chunked body had none), and a
//     JSON-RPC batch is refused (MCP removed batches in 2025-06-18);
//   - an `Mcp-Session-Id` belongs to the user and client whose token created it. McpAgent keys sessions by id
//     alone, so any valid token could drive or end any session; here another token gets the same 404 as an
//     unknown session, and nothing reaches the agent.
import { insufficientScope, type OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';
import { getAgentByName } from 'agents';

import { MCP_SCOPE } from './scopes';
import { BODY_LIMITS, BodyTooLarge, MAX_SESSION_ID_CHARS, readBody, withBody } from './limits';

type Handler = { fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> | Response };

/** The session methods GatehouseMcp exposes over RPC (see mcp-agent.ts). */
type SessionOwnerStub = {
  claimOwner(owner: string): Promise<boolean>;
  isOwnedBy(owner: string): Promise<boolean>;
};

function jsonRpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

const SESSION_ID = /^[A-Za-z0-9_-]+$/;

const sessionNotFound = () => jsonRpcError(404, -32001, 'Session not found');

/** Who a session belongs to: the token's user and client. */
function ownerOf(auth: OAuthResourceAuth): string | null {
  return auth.userId && auth.clientId ? JSON.stringify([auth.userId, auth.clientId]) : null;
}

async function sessionStub(env: Env, sessionId: string): Promise<SessionOwnerStub> {
  // The same Durable Object name McpAgent.serve() uses for a Streamable HTTP session.
  return (await getAgentByName(env.MCP_OBJECT, `streamable-http:${sessionId}`)) as unknown as SessionOwnerStub;
}

function authOf(ctx: ExecutionContext): OAuthResourceAuth | undefined {
  return (ctx as ExecutionContext & { auth?: OAuthResourceAuth }).auth;
}

export function guardMcp(inner: Handler): Handler {
  return {
    async fetch(request, env, ctx) {
      const auth = authOf(ctx);
      const owner = auth ? ownerOf(auth) : null;
      if (!auth || !owner) return jsonRpcError(401, -32001, 'Unauthorized');
      if (!auth.scope.includes(MCP_SCOPE)) {
        return insufficientScope(auth, [MCP_SCOPE], 'This token was not granted the mcp scope');
      }

      let forwarded = request;
      if (request.method === 'POST') {
        let body: Uint8Array;
        try {
          body = await readBody(request, BODY_LIMITS.mcp);
        } catch (error) {
          if (error instanceof BodyTooLarge) return jsonRpcError(413, -32600, `Request body too large: the limit is ${error.limit} bytes`);
          throw error;
        }
        if (firstNonSpace(body) === 0x5b /* [ */) return jsonRpcError(400, -32600, 'JSON-RPC batches are not supported');
        forwarded = withBody(request, body);
      }

      const sessionId = request.headers.get('mcp-session-id');
      if (sessionId !== null) {
        // McpAgent splits its object name on ':' and throws (a 500) on what it cannot parse; ids it issues are hex.
        if (sessionId.length > MAX_SESSION_ID_CHARS || !SESSION_ID.test(sessionId)) return sessionNotFound();
        if (!(await (await sessionStub(env, sessionId)).isOwnedBy(owner))) return sessionNotFound();
      }

      const response = await inner.fetch(forwarded, env, ctx);
      const created = response.headers.get('mcp-session-id');
      if (sessionId === null && created && response.ok) {
        // A new session (initialize): bind it before its id reaches the client.
        if (!(await (await sessionStub(env, created)).claimOwner(owner))) {
          await response.body?.cancel();
          return sessionNotFound();
        }
      }
      return response;
    },
  };
}

function firstNonSpace(body: Uint8Array): number | undefined {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  return undefined;
}
