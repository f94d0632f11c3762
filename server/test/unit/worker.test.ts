// The whole Worker in workerd: OAuth metadata, the 401 challenge, registration policy, the consent page.
import { exports } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';

const ORIGIN = 'https://gatehouse-mcp.example.workers.dev';
const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${ORIGIN}${path}`, init));

async function registerClient(redirectUris: string[], name = 'Gatehouse') {
  return call('/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: redirectUris,
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    }),
  });
}

describe('the Worker', () => {
  test('/mcp without a token: 401 with resource_metadata', async () => {
    const res = await call('/mcp', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(`resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp"`);
  });

  test('RFC 9728 and RFC 8414 metadata name the request origin', async () => {
    const prm = (await (await call('/.well-known/oauth-protected-resource/mcp')).json()) as Record<string, unknown>;
    expect(prm).toMatchObject({ resource: `${ORIGIN}/mcp`, authorization_servers: [ORIGIN] });
    const as = (await (await call('/.well-known/oauth-authorization-server')).json()) as Record<string, unknown>;
    expect(as).toMatchObject({
      issuer: ORIGIN,
      authorization_endpoint: `${ORIGIN}/authorize`,
      token_endpoint: `${ORIGIN}/token`,
      registration_endpoint: `${ORIGIN}/register`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  test('a token for another origin is refused here', async () => {
    const other = await exports.default.fetch(new Request('https://other.example/.well-known/oauth-protected-resource/mcp'));
    expect(((await other.json()) as { resource: string }).resource).toBe('https://other.example/mcp');
  });

  test('registration: private-use reverse-DNS accepted, dangerous schemes refused', async () => {
    expect((await registerClient(['dev.gatehouse.app:/oauth/callback'])).status).toBe(201);
    expect((await registerClient(['javascript:alert(1)'])).status).toBe(400);
    expect((await registerClient(['https://ok.example/cb', 'myapp:/cb'])).status).toBe(400);
  });

  test('the consent page names the client and its redirect, escaped, and cannot be framed', async () => {
    const reg = await registerClient(['dev.gatehouse.app:/oauth/callback'], '<script>alert(1)</script>');
    const { client_id } = (await reg.json()) as { client_id: string };
    const q = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: 'dev.gatehouse.app:/oauth/callback',
      state: 'st',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const res = await call(`/authorize?${q}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('dev.gatehouse.app:/oauth/callback');
    expect(html).toContain('That account does not have access');
    expect(html).toMatch(/ask whoever manages this server to add you/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.getSetCookie().some((c) => c.startsWith('__Host-'))).toBe(true);
  });

  test('an unregistered redirect is not redirected to', async () => {
    const { client_id } = (await (await registerClient(['dev.gatehouse.app:/oauth/callback'])).json()) as { client_id: string };
    const q = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: 'https://evil.example/cb',
      state: 's',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const res = await call(`/authorize?${q}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  test('/callback without a started login is an error page', async () => {
    const res = await call('/callback?code=x&state=y');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('data-error-code="invalid_request"');
  });

  test('an Access error redirect without state: a page with what Access reported and what to do', async () => {
    const denied = await call('/callback?error=access_denied&error_description=The%20policy%20says%20no%3Cb%3E');
    expect(denied.status).toBe(403);
    const page = await denied.text();
    expect(page).toContain('data-error-code="access_error"');
    expect(page).toContain('<strong>access_denied</strong>');
    expect(page).toContain('The policy says no&#60;b&#62;');
    expect(page).toMatch(/not in this server(&#39;|')s Access policy\. Ask whoever manages this server to add you/);
    expect(page).not.toMatch(/missing state/i);

    const scopes = await call('/callback?error=invalid_scope');
    expect(scopes.status).toBe(400);
    expect(await scopes.text()).toMatch(/must allow those scopes/);

    const other = await call(`/callback?error=${'x'.repeat(200)}%00`);
    const text = await other.text();
    expect(text).toContain(`<strong>${'x'.repeat(64)}</strong>`);
    expect(text).toMatch(/start signing in again from your app/i);
  });

  test('an Access error redirect with a state this browser did not start is refused as before', async () => {
    const res = await call('/callback?error=access_denied&state=unknown');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('data-error-code="invalid_request"');
  });
});
