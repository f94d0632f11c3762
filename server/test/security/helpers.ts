// Shared steps for the security suite: the stack, real logins for named users through the stand-in's login page,
// and raw Streamable HTTP requests (the official client hides the status codes these tests assert).
import { startStack } from '../../scripts/stack.mjs';
import type { StackOptions } from '../../scripts/stack.d.mts';
import { type Discovery, discover, login, type Tokens } from '../support/oauth-client';

export const ALICE = 'alice@example.com';
export const BOB = 'bob@example.com';
export const PROTOCOL_VERSION = '2025-11-25';

export type Stack = Awaited<ReturnType<typeof startStack>>;

export async function startSecurityStack(options: StackOptions = {}): Promise<{ stack: Stack; d: Discovery }> {
  const stack = await startStack({ allowedEmails: [ALICE, BOB], ...options });
  return { stack, d: await discover(stack.mcp) };
}

export type Session = { clientId: string; tokens: Tokens };

/** A real login: register, authorize, consent, the stand-in's login page with `email`, callback, token. */
export async function loginAs(stack: Stack, email: string, scope?: string | null): Promise<Session> {
  const { clientId, tokens } = await login(stack.mcp, email, scope);
  return { clientId, tokens };
}

export function mcpRequest(
  stack: Stack,
  accessToken: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(stack.mcp, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION,
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The JSON-RPC messages in a response, whether plain JSON or server-sent events. */
export async function messagesOf(res: Response): Promise<Array<Record<string, unknown>>> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
  }
  return text ? [JSON.parse(text) as Record<string, unknown>] : [];
}

/** initialize + notifications/initialized; returns the session id. */
export async function openSession(stack: Stack, accessToken: string): Promise<string> {
  const res = await mcpRequest(stack, accessToken, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'security-test', version: '0' } },
  });
  if (res.status !== 200) throw new Error(`initialize: ${res.status} ${await res.text()}`);
  const sessionId = res.headers.get('mcp-session-id');
  await messagesOf(res);
  if (!sessionId) throw new Error('initialize: no session id');
  const initialized = await mcpRequest(
    stack,
    accessToken,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { 'mcp-session-id': sessionId },
  );
  if (initialized.status !== 202) throw new Error(`initialized: ${initialized.status}`);
  return sessionId;
}

export async function callTool(
  stack: Stack,
  accessToken: string,
  sessionId: string,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Response> {
  return mcpRequest(
    stack,
    accessToken,
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } },
    { 'mcp-session-id': sessionId },
  );
}

/** whoami's structured result through this session, or the failing status. */
export async function whoami(stack: Stack, accessToken: string, sessionId: string): Promise<{ status: number; email?: string }> {
  const res = await callTool(stack, accessToken, sessionId, 'whoami');
  if (res.status !== 200) {
    await res.body?.cancel();
    return { status: res.status };
  }
  const [message] = await messagesOf(res);
  const result = message?.result as { structuredContent?: { email?: string } } | undefined;
  return { status: res.status, ...(result?.structuredContent?.email ? { email: result.structuredContent.email } : {}) };
}

export function tokenRequest(d: Discovery, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(d.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
}

export async function refresh(
  d: Discovery,
  session: Session,
  refreshToken: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await tokenRequest(d, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: session.clientId,
    resource: d.resource,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The grant records the Worker holds for a user (by Access subject), from KV. */
export async function grantsOf(stack: Stack, userId: string): Promise<string[]> {
  const kv = await stack.kv();
  return (await kv.list({ prefix: `grant:${userId}:` })).keys.map((k) => k.name);
}

export const userIdOf = (token: string): string => token.split(':')[0] ?? '';
