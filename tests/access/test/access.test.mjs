import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createAccessServer, ID_TOKEN_FAULTS } from '../src/index.mjs';
import { subjectFor } from '../src/accounts.mjs';
import { Browser, decodeJwt, pkce, verifyRs256 } from './helpers.mjs';

const REDIRECT = 'http://127.0.0.1:9/callback';
const SECRET = 'the-client-secret';

/** @type {Awaited<ReturnType<typeof createAccessServer>>} */
let access;

before(async () => {
  access = await createAccessServer({ pin: null });
  access.addApp({
    clientId: 'app1',
    clientSecret: SECRET,
    redirectUris: [REDIRECT],
    grantTypes: ['authorization_code_with_pkce', 'refresh_tokens'],
    isAllowed: (email) => email.endsWith('@example.com'),
    groups: (email) => (email.startsWith('admin') ? ['admins', 'staff'] : ['staff']),
  });
});

after(async () => {
  await access.close();
});

/**
 * Runs the authorization request up to the redirect back to the client.
 * @param {{ clientId?: string, redirectUri?: string, email?: string, pin?: string, challenge?: string, browser?: Browser, nonce?: string }} opts
 */
async function authorize(opts = {}) {
  const clientId = opts.clientId ?? 'app1';
  const app = access.getApp(clientId);
  assert.ok(app);
  const browser = opts.browser ?? new Browser();
  const url = new URL(app.authorization);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri ?? REDIRECT);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile groups');
  url.searchParams.set('state', 'st-1');
  url.searchParams.set('nonce', opts.nonce ?? 'n-1');
  if (opts.challenge) {
    url.searchParams.set('code_challenge', opts.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  let step = await browser.follow(url.href, access.baseUrl);
  if (!step.left && opts.email) {
    // The login page: post the email (and the PIN when one is asked for).
    const html = await step.res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    assert.ok(action, `login form expected, got: ${html.slice(0, 200)}`);
    const form = new URLSearchParams({ email: opts.email });
    let res = await browser.fetch(new URL(action, access.baseUrl), { method: 'POST', body: form });
    if (res.status === 200 && opts.pin !== undefined) {
      form.set('pin', opts.pin);
      res = await browser.fetch(new URL(action, access.baseUrl), { method: 'POST', body: form });
    }
    assert.equal(res.status, 303, `login should redirect, got ${res.status}`);
    step = await browser.follow(new URL(/** @type {string} */ (res.headers.get('location')), access.baseUrl).href, access.baseUrl);
  }
  return { step, browser };
}

/** @param {Record<string, string>} params */
async function token(params, clientId = 'app1') {
  const app = access.getApp(clientId);
  assert.ok(app);
  const res = await fetch(app.token, { method: 'POST', body: new URLSearchParams(params) });
  return { status: res.status, body: /** @type {Record<string, any>} */ (await res.json()) };
}

describe('discovery', () => {
  test('serves Access paths with the issuer equal to the app URL', async () => {
    const app = access.getApp('app1');
    assert.ok(app);
    const doc = await (await fetch(app.discovery)).json();
    assert.equal(doc.issuer, `${access.baseUrl}/cdn-cgi/access/sso/oidc/app1`);
    assert.equal(doc.authorization_endpoint, `${doc.issuer}/authorization`);
    assert.equal(doc.token_endpoint, `${doc.issuer}/token`);
    assert.equal(doc.jwks_uri, `${doc.issuer}/jwks`);
    assert.equal(doc.userinfo_endpoint, `${doc.issuer}/userinfo`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
    const jwks = await (await fetch(doc.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].d, undefined, 'no private parts');
  });

  test('unknown apps are 404', async () => {
    const res = await fetch(`${access.baseUrl}/cdn-cgi/access/sso/oidc/nope/.well-known/openid-configuration`);
    assert.equal(res.status, 404);
  });
});

describe('login', () => {
  test('email page login, code exchange with PKCE, RS256 id_token with email, name and groups, refresh', async () => {
    const { verifier, challenge } = pkce();
    const { step } = await authorize({ email: 'admin.user@example.com', challenge });
    assert.ok(step.left, 'redirected back to the client');
    const back = new URL(step.url);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st-1');
    const code = back.searchParams.get('code');
    assert.ok(code);

    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: 'app1',
      client_secret: SECRET,
      code_verifier: verifier,
    });
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
    assert.ok(exchanged.body.refresh_token, 'refresh token issued');
    const app = access.getApp('app1');
    assert.ok(app);
    const jwks = await (await fetch(app.jwks)).json();
    const claims = verifyRs256(exchanged.body.id_token, jwks);
    assert.equal(claims.iss, app.issuer);
    assert.equal(claims.aud, 'app1');
    assert.equal(claims.email, 'admin.user@example.com');
    assert.equal(claims.name, 'Admin User');
    assert.deepEqual(claims.groups, ['admins', 'staff']);
    assert.equal(claims.nonce, 'n-1');
    assert.equal(claims.sub, subjectFor('admin.user@example.com'));

    const info = await fetch(app.userinfo, { headers: { authorization: `Bearer ${exchanged.body.access_token}` } });
    assert.equal(info.status, 200);
    assert.equal((await info.json()).email, 'admin.user@example.com');

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token,
      client_id: 'app1',
      client_secret: SECRET,
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.ok(refreshed.body.access_token);
  });

  test('a refresh for a user the policy no longer allows is invalid_grant; allowed users still refresh', async () => {
    /** @param {string} email */
    const signIn = async (email) => {
      const { verifier, challenge } = pkce();
      const { step } = await authorize({ email, challenge });
      const code = new URL(step.url).searchParams.get('code') ?? '';
      const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: SECRET, code_verifier: verifier });
      assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
      return String(exchanged.body.refresh_token);
    };
    const leaving = await signIn('leaving@example.com');
    const staying = await signIn('staying@example.com');
    access.setPolicy('app1', (email) => email.endsWith('@example.com') && email !== 'leaving@example.com');
    try {
      const refused = await token({ grant_type: 'refresh_token', refresh_token: leaving, client_id: 'app1', client_secret: SECRET });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_grant');
      assert.equal(refused.body.access_token, undefined);
      const allowed = await token({ grant_type: 'refresh_token', refresh_token: staying, client_id: 'app1', client_secret: SECRET });
      assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    } finally {
      access.setPolicy('app1', (email) => email.endsWith('@example.com'));
    }
  });

  test('a replayed code is refused', async () => {
    const { verifier, challenge } = pkce();
    const { step } = await authorize({ email: 'a@example.com', challenge });
    const code = new URL(step.url).searchParams.get('code') ?? '';
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: SECRET, code_verifier: verifier };
    assert.equal((await token(params)).status, 200);
    const again = await token(params);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  test('the client secret is checked', async () => {
    const { verifier, challenge } = pkce();
    const { step } = await authorize({ email: 'a@example.com', challenge });
    const code = new URL(step.url).searchParams.get('code') ?? '';
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: 'wrong', code_verifier: verifier });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, 'invalid_client');
  });

  test('PKCE is required for an app with authorization_code_with_pkce, and the verifier is checked', async () => {
    const without = await authorize({ email: 'a@example.com' });
    assert.ok(without.step.left);
    assert.equal(new URL(without.step.url).searchParams.get('error'), 'invalid_request');

    const { challenge } = pkce();
    const { step } = await authorize({ email: 'a@example.com', challenge });
    const code = new URL(step.url).searchParams.get('code') ?? '';
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: SECRET, code_verifier: pkce().verifier });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_grant');
  });

  test('redirect URIs must match exactly', async () => {
    const { step } = await authorize({ redirectUri: 'http://127.0.0.1:9/callback/', challenge: pkce().challenge });
    assert.ok(!step.left, 'never redirects to an unregistered URI');
    assert.equal(step.res.status, 400);
  });

  test('a user the policy refuses gets access_denied', async () => {
    const { step } = await authorize({ email: 'mallory@evil.test', challenge: pkce().challenge });
    assert.ok(step.left);
    const back = new URL(step.url);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'st-1');
  });

  test('with a PIN set, the page asks for it and refuses a wrong one', async () => {
    access.setPin('424242');
    try {
      const wrong = await authorize({ email: 'a@example.com', challenge: pkce().challenge, pin: '000000' }).catch((e) => e);
      assert.ok(wrong instanceof Error, 'wrong PIN does not log in');
      const { step } = await authorize({ email: 'a@example.com', challenge: pkce().challenge, pin: '424242' });
      assert.ok(new URL(step.url).searchParams.get('code'));
    } finally {
      access.setPin(null);
    }
  });

  test('auto-login logs the chosen email in without a page', async () => {
    access.setAutoLogin('auto@example.com');
    try {
      const { verifier, challenge } = pkce();
      const { step } = await authorize({ challenge });
      assert.ok(step.left);
      const code = new URL(step.url).searchParams.get('code') ?? '';
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: SECRET, code_verifier: verifier });
      assert.equal(decodeJwt(res.body.id_token).payload.email, 'auto@example.com');
    } finally {
      access.setAutoLogin(null);
    }
  });
});

describe('apps', () => {
  test('updateApp changes redirect URIs and keeps the signing key; removeApp removes', async () => {
    const created = access.addApp({ clientId: 'app2', clientSecret: 's', redirectUris: ['https://a.example/cb'] });
    const before = await (await fetch(created.jwks)).json();
    access.updateApp('app2', { redirectUris: ['https://b.example/cb'] });
    const after = await (await fetch(created.jwks)).json();
    assert.deepEqual(after, before);
    const { step } = await authorize({ clientId: 'app2', redirectUri: 'https://a.example/cb' });
    assert.equal(step.res.status, 400, 'old redirect no longer accepted');
    assert.equal(access.removeApp('app2'), true);
    assert.equal((await fetch(created.discovery)).status, 404);
  });
});

describe('id_token faults', () => {
  for (const fault of ID_TOKEN_FAULTS) {
    test(`fault ${fault} produces a token that verification would refuse`, async () => {
      access.setIdTokenFault('app1', fault);
      try {
        const { verifier, challenge } = pkce();
        const { step } = await authorize({ email: 'a@example.com', challenge });
        const code = new URL(step.url).searchParams.get('code') ?? '';
        const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app1', client_secret: SECRET, code_verifier: verifier });
        assert.equal(res.status, 200);
        const app = access.getApp('app1');
        assert.ok(app);
        const jwks = await (await fetch(app.jwks)).json();
        const { header, payload } = decodeJwt(res.body.id_token);
        const now = Math.floor(Date.now() / 1000);
        const expectations = {
          'alg-none': () => assert.equal(header.alg, 'none'),
          'unknown-kid': () => assert.ok(!jwks.keys.some((/** @type {{kid: string}} */ k) => k.kid === header.kid)),
          'wrong-key': () => assert.throws(() => verifyRs256(res.body.id_token, jwks), /bad signature/),
          'wrong-iss': () => assert.notEqual(verifyRs256(res.body.id_token, jwks).iss, app.issuer),
          'wrong-aud': () => assert.notEqual(verifyRs256(res.body.id_token, jwks).aud, 'app1'),
          expired: () => assert.ok(verifyRs256(res.body.id_token, jwks).exp < now),
          'nonce-mismatch': () => assert.notEqual(verifyRs256(res.body.id_token, jwks).nonce, 'n-1'),
          'missing-email': () => assert.equal(verifyRs256(res.body.id_token, jwks).email, undefined),
        };
        expectations[fault]();
        assert.ok(payload.sub);
      } finally {
        access.setIdTokenFault('app1', null);
      }
    });
  }
});
