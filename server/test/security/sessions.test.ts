// Hole 1: an MCP session belongs to the user and client whose token created it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { Discovery } from '../support/oauth-client';
import { ALICE, BOB, callTool, loginAs, mcpRequest, openSession, type Session, type Stack, startSecurityStack, whoami } from './helpers';

let stack: Stack;
let d: Discovery;
let alice: Session;
let bob: Session;
let aliceSecondClient: Session;

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack());
  alice = await loginAs(stack, ALICE);
  bob = await loginAs(stack, BOB);
  aliceSecondClient = await loginAs(stack, ALICE);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

describe('MCP sessions are bound to their owner', () => {
  test('the owner runs tools in the session as themselves', async () => {
    expect(d.resource).toBe(stack.mcp);
    const session = await openSession(stack, alice.tokens.access_token);
    expect(await whoami(stack, alice.tokens.access_token, session)).toEqual({ status: 200, email: ALICE });
  });

  test("Bob's token with Alice's session id gets 404 and runs nothing", async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const res = await callTool(stack, bob.tokens.access_token, session, 'whoami');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: number; message: string } };
    expect(body.error).toEqual({ code: -32001, message: 'Session not found' });
    // Alice's session is untouched and still hers.
    expect(await whoami(stack, alice.tokens.access_token, session)).toEqual({ status: 200, email: ALICE });
  });

  test("Bob cannot end Alice's session: DELETE is 404 and the session keeps working", async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const res = await fetch(stack.mcp, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${bob.tokens.access_token}`, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(res.status).toBe(404);
    expect(await whoami(stack, alice.tokens.access_token, session)).toEqual({ status: 200, email: ALICE });
  });

  test("Bob cannot open Alice's event stream (GET)", async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const res = await fetch(stack.mcp, {
      headers: {
        authorization: `Bearer ${bob.tokens.access_token}`,
        accept: 'text/event-stream',
        'mcp-session-id': session,
        'mcp-protocol-version': '2025-11-25',
      },
    });
    expect(res.status).toBe(404);
    await res.body?.cancel();
  });

  test('the same user through another client is another owner: 404', async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    expect(await whoami(stack, aliceSecondClient.tokens.access_token, session)).toEqual({ status: 404 });
    expect(await whoami(stack, alice.tokens.access_token, session)).toEqual({ status: 200, email: ALICE });
  });

  test('the owner ends the session with DELETE; afterwards it is gone for everyone', async () => {
    const session = await openSession(stack, alice.tokens.access_token);
    const res = await fetch(stack.mcp, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${alice.tokens.access_token}`, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
    });
    expect(res.status).toBe(204);
    expect(await whoami(stack, alice.tokens.access_token, session)).toEqual({ status: 404 });
  });

  test('an unknown or over-long session id is 404', async () => {
    const token = alice.tokens.access_token;
    const ping = { jsonrpc: '2.0', id: 3, method: 'ping' };
    expect((await mcpRequest(stack, token, ping, { 'mcp-session-id': 'f'.repeat(64) })).status).toBe(404);
    expect((await mcpRequest(stack, token, ping, { 'mcp-session-id': 'x'.repeat(5000) })).status).toBe(404);
    // McpAgent reads the id back from `streamable-http:<id>` and threw (a 500) on ids with a colon.
    for (const id of [':', ':abc', 'a:b', '.\\k9', ' ']) {
      expect((await mcpRequest(stack, token, ping, { 'mcp-session-id': id })).status, id).toBe(404);
    }
  });
});
