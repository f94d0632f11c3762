// End to end over HTTP, against the built Worker in workerd (Miniflare) and the Access stand-in (oidc-provider):
// register, authorize, consent, Access login, callback, token, MCP calls, refresh; then every refusal.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startStack } from '../../scripts/stack.mjs';
import { Browser } from '../support/browser';
import {
  APP_REDIRECT,
  authorize,
  type Discovery,
  discover,
  exchange,
  login,
  register,
  registerClient,
  token,
} from '../support/oauth-client';

const EMAIL = 'alice@example.com';
let stack: Awaited<ReturnType<typeof startStack>>;
let d: Discovery;

beforeAll(async () => {
  stack = await startStack({
    autoLoginEmail: EMAIL,
    allowedEmails: [EMAIL, 'bob@example.com'],
    groups: ['engineering', 'gatehouse-users'],
  });
  d = await discover(stack.mcp);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function connect(accessToken: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(stack.mcp), {
    requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
  });
  const client = new Client({ name: 'gatehouse-e2e', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

function errorCodeOf(html: string): { code: string | undefined; detail: string | undefined } {
  return {
    code: /data-error-code="([^"]+)"/.exec(html)?.[1],
    detail: /data-error-detail>([^<]*)</.exec(html)?.[1],
  };
}

describe('discovery', () => {
  test('a request to /mcp without a token is 401 with WWW-Authenticate carrying resource_metadata', async () => {
    const res = await fetch(stack.mcp, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(res.status).toBe(401);
    const www = res.headers.get('www-authenticate') ?? '';
    expect(www).toMatch(/^Bearer /);
    expect(www).toContain(`resource_metadata="${stack.origin}/.well-known/oauth-protected-resource/mcp"`);
  });

  test('metadata uses the request origin (loopback) for resource and issuer', () => {
    expect(d.resource).toBe(stack.mcp);
    expect(d.issuer).toBe(stack.origin);
    expect(d.authorize).toBe(`${stack.origin}/authorize`);
    expect(d.token).toBe(`${stack.origin}/token`);
    expect(d.register).toBe(`${stack.origin}/register`);
  });

  test('a token that is not ours is refused', async () => {
    const res = await fetch(stack.mcp, {
      method: 'POST',
      headers: { authorization: 'Bearer nope:nope:nope', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });
});

describe('login and MCP', () => {
  test('register, authorize, consent, Access login, callback, token, tools/list, whoami, refresh', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId });
    expect(outcome.consentPage).toContain('Gatehouse');
    expect(outcome.consentPage).toContain(APP_REDIRECT);
    expect(outcome.returned?.protocol).toBe('dev.gatehouse.app:');
    expect(outcome.returned?.searchParams.get('state')).toBe(outcome.state);
    expect(outcome.returned?.searchParams.get('iss')).toBe(stack.origin);

    const exchanged = await exchange(d, clientId, outcome);
    expect(exchanged.status).toBe(200);
    const tokens = exchanged.body as { access_token: string; refresh_token: string; token_type: string };
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();

    const client = await connect(tokens.access_token);
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name).sort();
      expect(names).toEqual([
        'add',
        'badge',
        'count_slowly',
        'countdown',
        'list_roots',
        'order_coffee',
        'schedule_meeting',
        'statistics',
        'visit_page',
        'whoami',
        'write_haiku',
      ]);
      const whoami = await client.callTool({ name: 'whoami', arguments: {} });
      // A one-time-PIN user has no name at Access: the login works with the documented claims alone.
      expect(whoami.structuredContent).toMatchObject({ email: EMAIL, name: null, groups: ['engineering', 'gatehouse-users'] });
      expect((whoami.structuredContent as { sub: string }).sub).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await client.close();
    }

    const refreshed = await token(d, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: clientId,
      resource: d.resource,
    });
    expect(refreshed.status).toBe(200);
    const fresh = refreshed.body as { access_token: string; refresh_token: string };
    expect(fresh.access_token).not.toBe(tokens.access_token);
    const again = await connect(fresh.access_token);
    try {
      const whoami = await again.callTool({ name: 'whoami', arguments: {} });
      expect((whoami.structuredContent as { email: string }).email).toBe(EMAIL);
    } finally {
      await again.close();
    }
  });

  test('a remembered consent skips the page for the same browser, client and redirect', async () => {
    const clientId = await registerClient(d);
    const browser = new Browser();
    const first = await authorize(d, { clientId, browser });
    expect(first.consentPage).toContain('Allow');
    const second = await authorize(d, { clientId, browser });
    expect(second.consentPage).toBe('');
    expect(second.returned?.searchParams.get('code')).toBeTruthy();
    const other = await authorize(d, { clientId, browser: new Browser() });
    expect(other.consentPage).toContain('Allow');
  });

  test('the login page route: a user typing an allowed email', async () => {
    stack.access.setAutoLogin(null);
    try {
      const { tokens } = await login(stack.mcp, 'bob@example.com');
      const client = await connect(tokens.access_token);
      const whoami = await client.callTool({ name: 'whoami', arguments: {} });
      expect((whoami.structuredContent as { email: string }).email).toBe('bob@example.com');
      await client.close();
    } finally {
      stack.access.setAutoLogin(EMAIL);
    }
  });

  test('the protocol version 2025-11-25 is negotiated, and every tool domain answers', async () => {
    const { tokens } = await login(stack.mcp);
    const init = await fetch(stack.mcp, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
      }),
    });
    expect(init.status).toBe(200);
    const text = await init.text();
    const json = JSON.parse(text.startsWith('{') ? text : (/^data: (.*)$/m.exec(text)?.[1] ?? '{}'));
    expect(json.result.protocolVersion).toBe('2025-11-25');
    expect(init.headers.get('mcp-session-id')).toBeTruthy();

    const client = await connect(tokens.access_token);
    try {
      const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
      expect(sum.content).toEqual([{ type: 'text', text: '42' }]);

      const stats = await client.callTool({ name: 'statistics', arguments: { values: [1, 2, 3, 4] } });
      expect(stats.structuredContent).toMatchObject({ count: 4, sum: 10, mean: 2.5, median: 2.5, min: 1, max: 4 });

      const progress: number[] = [];
      const countdown = await client.callTool({ name: 'countdown', arguments: { steps: 3, delayMs: 10 } }, undefined, {
        onprogress: (p) => progress.push(p.progress),
      });
      expect(countdown.isError).toBeFalsy();
      expect(progress).toEqual([1, 2, 3]);

      // Without a task the SDK runs the task tool to its end and answers with the result.
      const counted = await client.callTool({ name: 'count_slowly', arguments: { steps: 2, delayMs: 50 } });
      expect(counted.content).toEqual([{ type: 'text', text: 'Counted 2 steps as a task.' }]);

      const badge = await client.callTool({ name: 'badge', arguments: { color: 'green', size: 16 } });
      const image = (badge.content as Array<{ type: string; data?: string; mimeType?: string }>).find((c) => c.type === 'image');
      expect(image?.mimeType).toBe('image/png');
      expect(
        Buffer.from(image?.data ?? '', 'base64')
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');

      const plan = await client.callTool({
        name: 'schedule_meeting',
        arguments: {
          title: 'Review',
          attendees: [{ person: { name: 'Bob', email: 'bob@example.com' }, role: 'optional' }],
          when: { kind: 'once', start: '2026-12-01T10:00:00Z', durationMinutes: 30 },
          location: { type: 'video', provider: 'meet' },
        },
      });
      expect(plan.isError).toBeFalsy();
      expect(JSON.parse((plan.content as Array<{ text: string }>)[0]?.text ?? '{}').organizer.email).toBe(EMAIL);

      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri).sort()).toEqual(['gatehouse://about', 'gatehouse://counter', 'gatehouse://me']);
      const me = await client.readResource({ uri: 'gatehouse://me' });
      expect(JSON.parse((me.contents[0] as { text: string }).text).email).toBe(EMAIL);
      const facts = await client.readResource({ uri: 'gatehouse://numbers/7' });
      expect(JSON.parse((facts.contents[0] as { text: string }).text)).toMatchObject({ n: 7, prime: true });

      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(['explain_access']);
      const prompt = await client.getPrompt({ name: 'explain_access', arguments: { audience: 'auditor', detail: 'thorough' } });
      expect(JSON.stringify(prompt.messages)).toContain('auditor');
    } finally {
      await client.close();
    }
  });
});

describe('refused', () => {
  for (const [fault, reason] of [
    ['alg-none', 'alg_not_allowed'],
    ['unknown-kid', 'unknown_kid'],
    ['wrong-key', 'bad_signature'],
    ['wrong-iss', 'wrong_issuer'],
    ['wrong-aud', 'wrong_audience'],
    ['expired', 'expired'],
    ['nonce-mismatch', 'nonce_mismatch'],
    ['missing-sub', 'missing_sub'],
    ['missing-email', 'missing_email'],
    ['missing-iss', 'missing_iss'],
    ['missing-aud', 'missing_aud'],
    ['missing-exp', 'missing_exp'],
    ['missing-iat', 'missing_iat'],
    ['missing-nonce', 'missing_nonce'],
  ] as const) {
    test(`an id_token with ${fault} ends on the error page (${reason}) and grants nothing`, async () => {
      stack.access.setIdTokenFault(stack.accessClientId, fault);
      try {
        const clientId = await registerClient(d);
        const outcome = await authorize(d, { clientId });
        expect(outcome.returned).toBeNull();
        expect(outcome.res.status).toBe(400);
        const page = await outcome.res.text();
        expect(errorCodeOf(page)).toEqual({ code: 'id_token_invalid', detail: reason });
      } finally {
        stack.access.setIdTokenFault(stack.accessClientId, null);
      }
    });
  }

  test('an unregistered redirect URI is refused without redirecting', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, redirectUri: 'dev.gatehouse.app:/oauth/other' });
    expect(outcome.returned).toBeNull();
    expect(outcome.res.status).toBe(400);
    expect(errorCodeOf(outcome.consentPage).code).toBe('invalid_request');
  });

  test('a redirect URI that differs at the token endpoint is refused', async () => {
    const clientId = await registerClient(d, [APP_REDIRECT, 'http://127.0.0.1:8123/callback']);
    const outcome = await authorize(d, { clientId });
    const res = await exchange(d, clientId, { ...outcome, redirectUri: 'http://127.0.0.1:8123/callback' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  test('a replayed authorization code is refused', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId });
    expect((await exchange(d, clientId, outcome)).status).toBe(200);
    const replay = await exchange(d, clientId, outcome);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
  });

  test('dangerous and malformed redirect URIs cannot be registered', async () => {
    for (const uri of [
      'javascript:alert(1)',
      'data:text/html,hi',
      'file:///etc/passwd',
      'http://evil.example/cb',
      'myapp:/callback',
      'https://x.example/cb#frag',
    ]) {
      const res = await register(d, [uri]);
      expect(res.status, uri).toBe(400);
    }
    for (const uri of [
      'https://app.example/cb',
      'http://127.0.0.1:9999/callback',
      'http://localhost/cb',
      'dev.gatehouse.app:/oauth/callback',
    ]) {
      const res = await register(d, [uri]);
      expect(res.status, uri).toBe(201);
    }
  });

  test("a user the Access policy refuses stays on Access's block page; nothing comes back to the app", async () => {
    stack.access.setAutoLogin('mallory@evil.test');
    try {
      const clientId = await registerClient(d);
      const outcome = await authorize(d, { clientId });
      expect(outcome.returned).toBeNull();
      expect(outcome.res.status).toBe(403);
      expect(await outcome.res.text()).toContain('That account does not have access');
    } finally {
      stack.access.setAutoLogin(EMAIL);
    }
  });

  test('with the redirect option, a refused user comes back to the app with access_denied', async () => {
    stack.access.setAutoLogin('mallory@evil.test');
    stack.access.setRefusal('error-redirect');
    try {
      const clientId = await registerClient(d);
      const outcome = await authorize(d, { clientId });
      expect(outcome.returned?.searchParams.get('error')).toBe('access_denied');
      expect(outcome.returned?.searchParams.get('error_description')).toMatch(/add you to its Access policy/);
      expect(outcome.returned?.searchParams.get('code')).toBeNull();
    } finally {
      stack.access.setRefusal('block-page');
      stack.access.setAutoLogin(EMAIL);
    }
  });

  test('an Access app that does not allow the groups scope refuses the login, and the app is told why', async () => {
    stack.access.updateApp(stack.accessClientId, { scopes: ['openid', 'email', 'profile'] });
    try {
      const clientId = await registerClient(d);
      const outcome = await authorize(d, { clientId });
      expect(outcome.returned?.searchParams.get('error')).toBe('access_denied');
      expect(outcome.returned?.searchParams.get('error_description')).toMatch(/scopes .*must allow them/);
    } finally {
      stack.access.updateApp(stack.accessClientId, { scopes: ['openid', 'email', 'profile', 'groups'] });
    }
  });

  test('denying consent returns access_denied without visiting Access', async () => {
    const clientId = await registerClient(d);
    const outcome = await authorize(d, { clientId, decision: 'deny' });
    expect(outcome.returned?.searchParams.get('error')).toBe('access_denied');
    expect(outcome.returned?.searchParams.get('state')).toBe(outcome.state);
  });

  test('a consent form posted from another browser (no binding cookie) is refused', async () => {
    const clientId = await registerClient(d);
    const victim = new Browser();
    const url = new URL(d.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: APP_REDIRECT,
      state: 's',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      resource: d.resource,
    }).toString();
    const page = await (await victim.fetch(url)).text();
    const handle = /name="handle" value="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(handle).not.toBe('');
    const forged = await fetch(new URL('/authorize', d.issuer), {
      method: 'POST',
      body: new URLSearchParams({ handle, decision: 'approve' }),
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
    expect(errorCodeOf(await forged.text()).code).toBe('invalid_request');
  });

  test("Access's callback is bound to the browser that started the login and works once", async () => {
    const clientId = await registerClient(d);
    const browser = new Browser();
    const url = new URL(d.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: APP_REDIRECT,
      state: 's',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      resource: d.resource,
    }).toString();
    const page = await (await browser.fetch(url)).text();
    const handle = /name="handle" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const decided = await browser.fetch(new URL('/authorize', d.issuer), {
      method: 'POST',
      body: new URLSearchParams({ handle, decision: 'approve' }),
    });
    const toAccess = decided.headers.get('location') ?? '';
    expect(toAccess.startsWith(stack.issuer)).toBe(true);
    const atCallback = await browser.follow(toAccess, (next) => next.pathname === '/callback');
    const callbackUrl = atCallback.url;
    expect(new URL(callbackUrl).origin).toBe(stack.origin);

    const elsewhere = await new Browser().fetch(callbackUrl);
    expect(elsewhere.status).toBe(400);
    expect(errorCodeOf(await elsewhere.text()).code).toBe('invalid_request');

    const genuine = await browser.fetch(callbackUrl);
    expect(genuine.status).toBe(302);
    expect(genuine.headers.get('location')).toMatch(/^dev\.gatehouse\.app:\/oauth\/callback\?code=/);

    const replay = await browser.fetch(callbackUrl);
    expect(replay.status).toBe(400);
    expect(errorCodeOf(await replay.text()).code).toBe('invalid_request');
  });
});
