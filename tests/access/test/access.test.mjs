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
 * @param {{ clientId?: string, redirectUri?: string, email?: string, pin?: string, challenge?: string, browser?: Browser, nonce?: string, scope?: string, expectBlocked?: boolean }} opts
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
  url.searchParams.set('scope', opts.scope ?? 'openid email profile groups');
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
    if (opts.expectBlocked) return { step: { res, url: action, left: false }, browser };
    assert.equal(res.status, 303, `login should redirect, got ${res.status}`);
    step = await browser.follow(new URL(/** @type {string} */ (res.headers.get('location')), access.baseUrl).href, access.baseUrl);
  }
  return { step, browser };
}

/**
 * @param {Record<string, string>} params
 * @param {Record<string, string>} [headers]
 */
async function token(params, clientId = 'app1', headers = {}) {
  const app = access.getApp(clientId);
  assert.ok(app);
  const res = await fetch(app.token, { method: 'POST', body: new URLSearchParams(params), headers });
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
    assert.equal(doc.authorization_response_iss_parameter_supported, undefined, 'Access documents no iss on the callback');
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
  test('email page login, code exchange with PKCE, RS256 id_token with the documented claims, refresh', async () => {
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
    assert.deepEqual(claims.groups, ['admins', 'staff']);
    assert.equal(claims.nonce, 'n-1');
    assert.equal(claims.sub, subjectFor('admin.user@example.com'));
    // Nothing Access does not document: no name for a one-time-PIN user, no email_verified.
    assert.equal(claims.name, undefined);
    assert.equal(claims.email_verified, undefined);
    assert.equal(back.searchParams.get('iss'), null, 'no iss on the callback');

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

  test("a user the policy refuses gets Access's block page by default, and never goes back to the client", async () => {
    access.setAutoLogin('mallory@evil.test');
    try {
      const { step } = await authorize({ challenge: pkce().challenge });
      assert.ok(!step.left, 'stays at Access');
      assert.equal(step.res.status, 403);
      const html = await step.res.text();
      assert.match(html, /That account does not have access/);
      assert.match(html, /data-access-blocked/);
      assert.match(html, /name="email"/, 'the login page again, to try another account');
    } finally {
      access.setAutoLogin(null);
    }
  });

  test('a blocked user can sign in with another email from the block page', async () => {
    const { step, browser } = await authorize({ email: 'mallory@evil.test', challenge: pkce().challenge, expectBlocked: true });
    assert.equal(step.res.status, 403);
    const action = /action="([^"]+)"/.exec(await step.res.text())?.[1];
    assert.ok(action);
    const res = await browser.fetch(new URL(action, access.baseUrl), { method: 'POST', body: new URLSearchParams({ email: 'a@example.com' }) });
    assert.equal(res.status, 303);
    const back = await browser.follow(new URL(/** @type {string} */ (res.headers.get('location')), access.baseUrl).href, access.baseUrl);
    assert.ok(new URL(back.url).searchParams.get('code'));
  });

  test('with the error-redirect option, a refused user goes back to the client with access_denied and the state', async () => {
    access.setRefusal('error-redirect');
    try {
      const { step } = await authorize({ email: 'mallory@evil.test', challenge: pkce().challenge });
      assert.ok(step.left);
      const back = new URL(step.url);
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('state'), 'st-1');
      assert.equal(back.searchParams.get('iss'), null, 'no iss on the error either');
    } finally {
      access.setRefusal('block-page');
    }
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
        };
        /** @type {() => void} */
        const expectation =
          fault in expectations
            ? expectations[/** @type {keyof typeof expectations} */ (fault)]
            : () => assert.equal(verifyRs256(res.body.id_token, jwks)[fault.slice('missing-'.length)], undefined);
        expectation();
        if (fault !== 'missing-sub') assert.ok(payload.sub);
      } finally {
        access.setIdTokenFault('app1', null);
      }
    });
  }
});

describe('what the app allows', () => {
  /** Logs `email` in to `clientId` and returns the verified id_token claims. */
  async function claimsOf(/** @type {string} */ clientId, /** @type {string} */ email, /** @type {string} */ scope) {
    const { verifier, challenge } = pkce();
    const { step } = await authorize({ clientId, email, challenge, scope });
    const code = new URL(step.url).searchParams.get('code');
    assert.ok(code, step.url);
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId, client_secret: SECRET, code_verifier: verifier }, clientId);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const app = access.getApp(clientId);
    assert.ok(app);
    return verifyRs256(res.body.id_token, await (await fetch(app.jwks)).json());
  }

  test('a scope the app does not allow is refused with invalid_scope; the allowed ones carry only their claims', async () => {
    access.addApp({ clientId: 'no-groups', clientSecret: SECRET, redirectUris: [REDIRECT], scopes: ['openid', 'email', 'profile'], groups: ['staff'] });
    try {
      const { step } = await authorize({ clientId: 'no-groups', email: 'a@example.com', challenge: pkce().challenge });
      assert.ok(step.left);
      const back = new URL(step.url);
      assert.equal(back.searchParams.get('error'), 'invalid_scope');
      assert.equal(back.searchParams.get('state'), 'st-1');
      assert.equal(back.searchParams.get('code'), null);

      const claims = await claimsOf('no-groups', 'a@example.com', 'openid email profile');
      assert.equal(claims.email, 'a@example.com');
      assert.equal(claims.groups, undefined, 'no groups claim for an app without the groups scope');
    } finally {
      access.removeApp('no-groups');
    }
  });

  test('the groups claim needs the groups scope requested, email the email scope', async () => {
    const claims = await claimsOf('app1', 'a@example.com', 'openid');
    assert.equal(claims.sub, subjectFor('a@example.com'));
    assert.equal(claims.email, undefined);
    assert.equal(claims.groups, undefined);
  });

  test('profile carries a name only for a user whose identity provider has one', async () => {
    access.addApp({ clientId: 'named', clientSecret: SECRET, redirectUris: [REDIRECT], names: { 'ada@example.com': 'Ada Lovelace' } });
    try {
      assert.equal((await claimsOf('named', 'ada@example.com', 'openid email profile')).name, 'Ada Lovelace');
      assert.equal((await claimsOf('named', 'bob@example.com', 'openid email profile')).name, undefined);
    } finally {
      access.removeApp('named');
    }
  });

  test('an app set up with a scope Access does not have is refused', () => {
    assert.throws(() => access.addApp({ clientId: 'bad', clientSecret: SECRET, redirectUris: [REDIRECT], scopes: ['openid', 'phone'] }), /phone/);
  });

  test('an app without authorization_code_with_pkce does not require PKCE, but checks a verifier when a challenge was sent', async () => {
    access.addApp({ clientId: 'plain', clientSecret: SECRET, redirectUris: [REDIRECT], grantTypes: ['authorization_code'] });
    try {
      const without = await authorize({ clientId: 'plain', email: 'a@example.com' });
      const code = new URL(without.step.url).searchParams.get('code');
      assert.ok(code, without.step.url);
      const plain = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'plain', client_secret: SECRET }, 'plain');
      assert.equal(plain.status, 200, JSON.stringify(plain.body));

      const { step } = await authorize({ clientId: 'plain', email: 'a@example.com', challenge: pkce().challenge });
      const withChallenge = new URL(step.url).searchParams.get('code') ?? '';
      const wrong = await token({ grant_type: 'authorization_code', code: withChallenge, redirect_uri: REDIRECT, client_id: 'plain', client_secret: SECRET, code_verifier: pkce().verifier }, 'plain');
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, 'invalid_grant');
    } finally {
      access.removeApp('plain');
    }
  });

  test('Basic client authentication is refused on an app set to client_secret_post, and accepted on one set to basic', async () => {
    const basic = `Basic ${Buffer.from(`app1:${SECRET}`).toString('base64')}`;
    const { verifier, challenge } = pkce();
    const { step } = await authorize({ email: 'a@example.com', challenge });
    const code = new URL(step.url).searchParams.get('code') ?? '';
    const refused = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, 'app1', { authorization: basic });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error, 'invalid_client');

    access.addApp({ clientId: 'basic', clientSecret: SECRET, redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'client_secret_basic' });
    try {
      const login = await authorize({ clientId: 'basic', email: 'a@example.com', challenge });
      const basicCode = new URL(login.step.url).searchParams.get('code') ?? '';
      const accepted = await token({ grant_type: 'authorization_code', code: basicCode, redirect_uri: REDIRECT, code_verifier: verifier }, 'basic', {
        authorization: `Basic ${Buffer.from(`basic:${SECRET}`).toString('base64')}`,
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    } finally {
      access.removeApp('basic');
    }
  });
});
