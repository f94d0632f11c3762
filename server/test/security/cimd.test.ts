// Client ID Metadata Documents are on: a client whose client_id is an https URL logs in without registering, with
// the redirect policy registered clients get; a document that cannot be fetched, or that lists a redirect URI the
// policy refuses, gets no consent page and no code. The Worker's outgoing fetch of the documents is answered by the test (Miniflare's
// outbound service), because the documents' https URLs cannot be served locally.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { APP_REDIRECT, authorize, type Discovery, exchange, pkce, registerClient } from '../support/oauth-client';
import { ALICE, openSession, type Stack, startSecurityStack, tokenRequest, whoami } from './helpers';

const GOOD = 'https://client.example/gatehouse-test.json';
const REFUSED_REDIRECTS = 'https://client.example/refused-redirects.json';
const MISSING = 'https://client.example/missing.json';
// Gatehouse's own document (pages/oauth/client-metadata.json) lists its loopback redirect without a port: the app
// listens on whatever port it gets (RFC 8252 §7.3).
const LOOPBACK = 'https://client.example/loopback.json';
const LOOPBACK_REDIRECT = 'http://127.0.0.1/oauth/callback';

function documentFor(clientId: string, redirectUris: string[]): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: 'Metadata document client',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

const DOCUMENTS: Record<string, Record<string, unknown>> = {
  [GOOD]: documentFor(GOOD, [APP_REDIRECT]),
  [LOOPBACK]: documentFor(LOOPBACK, [APP_REDIRECT, LOOPBACK_REDIRECT]),
  [REFUSED_REDIRECTS]: documentFor(REFUSED_REDIRECTS, ['http://attacker.example/cb', 'myapp:/oauth/callback', 'intent://cb']),
};

let stack: Stack;
let d: Discovery;
const fetched: string[] = [];
// Stands for the app's loopback listener: what the browser is sent back to.
let listener: Server;
let listenerPort = 0;
const returnedTo: URL[] = [];

beforeAll(async () => {
  ({ stack, d } = await startSecurityStack({
    outbound: (request) => {
      if (!request.url.startsWith('https://client.example/')) return undefined;
      fetched.push(request.url);
      const document = DOCUMENTS[request.url];
      return document
        ? new Response(JSON.stringify(document), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
        : new Response('not found', { status: 404 });
    },
  }));
  listener = createServer((req, res) => {
    returnedTo.push(new URL(req.url ?? '/', `http://127.0.0.1:${listenerPort}`));
    res.end('You can close this window.');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => listener?.close(resolve));
});

function authorizeUrl(clientId: string, redirectUri: string): string {
  const url = new URL(d.authorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    state: 's',
    resource: d.resource,
  }).toString();
  return url.href;
}

describe('Client ID Metadata Documents', () => {
  test('the authorization server metadata says they are supported', async () => {
    const as = (await (await fetch(`${stack.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(as.client_id_metadata_document_supported).toBe(true);
  });

  test('a client identified by its document URL logs in without registering and uses /mcp', async () => {
    const outcome = await authorize(d, { clientId: GOOD, email: ALICE });
    expect(outcome.consentPage).toContain('Metadata document client');
    expect(fetched).toContain(GOOD);
    const exchanged = await exchange(d, GOOD, outcome);
    expect(exchanged.status).toBe(200);
    const accessToken = String(exchanged.body.access_token);
    const session = await openSession(stack, accessToken);
    expect(await whoami(stack, accessToken, session)).toEqual({ status: 200, email: ALICE });
  });

  test('redirect URIs the policy refuses to registered clients are refused for documents too: a 400 page, no consent', async () => {
    // Remote http (the library's own rule), a private-use scheme that is no reverse domain name (RFC 8252 §7.1) and
    // a dangerous scheme (ours): a registration listing any of them is refused, and so is a login through a document.
    for (const redirectUri of ['http://attacker.example/cb', 'myapp:/oauth/callback', 'intent://cb']) {
      const res = await fetch(authorizeUrl(REFUSED_REDIRECTS, redirectUri), { redirect: 'manual' });
      expect(res.status, redirectUri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const page = await res.text();
      expect(page).toContain('data-error-code="invalid_request"');
      expect(page).not.toContain('name="handle"');
    }
    for (const redirectUri of ['myapp:/oauth/callback', 'intent://cb']) {
      const registered = await fetch(d.register, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_name: 'x', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }),
      });
      expect(registered.status, redirectUri).toBe(400);
      await registered.body?.cancel();
    }
  });

  test('a document that cannot be fetched: 400 page at /authorize, 401 invalid_client at /token, nothing stored', async () => {
    const res = await fetch(authorizeUrl(MISSING, APP_REDIRECT), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    await res.body?.cancel();
    const token = await tokenRequest(d, {
      grant_type: 'authorization_code',
      code: 'u:g:c',
      client_id: MISSING,
      redirect_uri: APP_REDIRECT,
      code_verifier: pkce().verifier,
    });
    expect(token.status).toBe(401);
    expect(((await token.json()) as { error: string }).error).toBe('invalid_client');
    const kv = await stack.kv();
    expect((await kv.list({ prefix: `client:${MISSING}` })).keys).toEqual([]);
  });

  test('a redirect URI the document does not list is refused: a 400 page, no redirect', async () => {
    const res = await fetch(authorizeUrl(GOOD, 'http://127.0.0.1:9/cb'), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).not.toContain('name="handle"');
  });

  describe('a loopback redirect URI (RFC 8252 §7.3)', () => {
    /** A whole login returning to the loopback listener on its port, and what the listener was sent. */
    async function loopbackAuthorize(clientId: string) {
      const redirectUri = `http://127.0.0.1:${listenerPort}/oauth/callback`;
      returnedTo.length = 0;
      const outcome = await authorize(d, { clientId, redirectUri, email: ALICE });
      const back = returnedTo.at(-1);
      expect(back?.pathname).toBe('/oauth/callback');
      return { outcome: { ...outcome, returned: back ?? null }, back };
    }

    /** The login above, its code exchanged at /token. */
    async function loopbackLogin(clientId: string) {
      const { outcome, back } = await loopbackAuthorize(clientId);
      return { outcome, back, exchanged: await exchange(d, clientId, outcome) };
    }

    test("a document's loopback redirect is accepted on any port, as a registered client's is", async () => {
      const viaDocument = await loopbackLogin(LOOPBACK);
      expect(viaDocument.outcome.consentPage).toContain('Metadata document client');
      expect(viaDocument.back?.searchParams.get('code')).toBeTruthy();
      expect(viaDocument.exchanged.status).toBe(200);
      const registered = await registerClient(d, [APP_REDIRECT, LOOPBACK_REDIRECT]);
      const viaRegistration = await loopbackLogin(registered);
      expect(viaRegistration.exchanged.status).toBe(200);
      // The same answer either way: a consent page, a code back on the listener's port, a token.
      expect(typeof viaDocument.exchanged.body.access_token).toBe('string');
      expect(typeof viaRegistration.exchanged.body.access_token).toBe('string');
    });

    test('another host, a non-loopback http host or another path is refused for the document as for a registration', async () => {
      const registered = await registerClient(d, [APP_REDIRECT, LOOPBACK_REDIRECT]);
      returnedTo.length = 0;
      for (const redirectUri of [
        `http://localhost:${listenerPort}/oauth/callback`,
        `http://127.0.0.1.nip.io:${listenerPort}/oauth/callback`,
        `http://192.168.1.20:${listenerPort}/oauth/callback`,
        `https://127.0.0.1:${listenerPort}/oauth/callback`,
        `http://127.0.0.1:${listenerPort}/oauth/other`,
      ]) {
        for (const clientId of [LOOPBACK, registered]) {
          const res = await fetch(authorizeUrl(clientId, redirectUri), { redirect: 'manual' });
          expect(res.status, `${clientId} ${redirectUri}`).toBe(400);
          expect(res.headers.get('location')).toBeNull();
          expect(await res.text()).not.toContain('name="handle"');
        }
      }
      expect(returnedTo).toEqual([]);
    });

    test('a code sent to the loopback redirect is exchanged only with that redirect URI', async () => {
      const { outcome } = await loopbackAuthorize(LOOPBACK);
      const other = await exchange(d, LOOPBACK, { ...outcome, redirectUri: `http://127.0.0.1:${listenerPort}/oauth/other` });
      expect(other.status).toBe(400);
      expect(other.body.error).toBe('invalid_grant');
    });
  });
});
