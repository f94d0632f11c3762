// The HTML the Worker renders: the consent page, the error page and a small home page. Everything that came from a
// client (its name, redirect URI, scopes) is escaped.

import type { ConsentDescription } from '@cloudflare/workers-oauth-provider';

import { accessErrorAdvice } from './access/callback-error';
import type { LoginError, RequiredClaim } from './result';

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const STYLE = `<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d1d1f}
.card{border:1px solid #ddd;border-radius:12px;padding:1.25rem 1.5rem}
code{background:#f4f4f5;padding:.1rem .3rem;border-radius:4px;word-break:break-all}
.warn{background:#fff7e6;border:1px solid #f5c26b;border-radius:8px;padding:.5rem .75rem}
button{font:inherit;padding:.5rem 1.25rem;border-radius:8px;border:1px solid #888;background:#fff;cursor:pointer}
button.primary{background:#1a56db;color:#fff;border-color:#1a56db}
</style>`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>${STYLE}</head><body>${body}</body></html>`;

export function consentPage(details: ConsentDescription, handle: string): string {
  const name = escapeHtml(details.clientName);
  const origin = details.clientDomain
    ? `Published by <strong>${escapeHtml(details.clientDomain)}</strong>.`
    : 'This app registered itself; its name is not verified.';
  const scopes = details.scope.length > 0 ? details.scope.map((s) => `<code>${escapeHtml(s)}</code>`).join(' ') : '<em>none</em>';
  const loopback = details.redirectIsLoopback
    ? '<p class="warn"><strong>This sends access to an app on your computer.</strong> Continue only if you just started signing in from it.</p>'
    : '';
  return page(
    `Allow ${details.clientName}?`,
    `<div class="card"><h1>Allow <em>${name}</em> to use this MCP server as you?</h1>
<p>${origin}</p>
<p>After you sign in with Cloudflare Access, access will be sent to <strong>${escapeHtml(details.redirectHost)}</strong>:<br><code>${escapeHtml(details.redirectUri)}</code></p>
${loopback}
<p>Scopes: ${scopes}</p>
<p>If Cloudflare Access then says <q>That account does not have access</q>, the account you signed in with is not in
this server's Access policy: ask whoever manages this server to add you, or sign in there with an account it allows.
Nothing comes back to your app in that case; cancel the sign-in there and start again once you are added.</p>
<form method="post" action="/authorize">
<input type="hidden" name="handle" value="${escapeHtml(handle)}">
<p><button class="primary" type="submit" name="decision" value="approve">Allow and sign in</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form></div>`,
  );
}

const MESSAGES: Record<Exclude<LoginError['code'], 'access_error'>, string> = {
  invalid_request: 'This sign-in link is not valid any more. Start signing in again from your app.',
  access_denied: 'Cloudflare Access did not let you in. Ask your administrator whether the Access policy includes you.',
  access_unavailable: 'Cloudflare Access could not be reached. Try again in a moment.',
  token_exchange_failed: 'Cloudflare Access refused to complete the sign-in. Start again from your app.',
  id_token_invalid: 'The identity Cloudflare Access sent could not be verified, so nothing was granted.',
  misconfigured: 'This server is not configured completely. Its administrator needs to set its Access secrets.',
  internal: 'Something went wrong on this server. Nothing was granted; try again from your app.',
};

/** What each claim the login needs is, and the Access scope that carries it (for the administrator). */
const CLAIMS: Record<RequiredClaim, string> = {
  sub: 'the user’s identifier (scope openid)',
  email: 'the user’s email address (scope email)',
  iss: 'who issued it',
  aud: 'which application it is for',
  exp: 'when it expires',
  iat: 'when it was issued',
  nonce: 'the value that ties it to this sign-in',
};

function messageOf(error: LoginError): string {
  if (error.code === 'access_error') return accessErrorAdvice(error.accessError);
  if (error.code === 'id_token_invalid' && error.reason.startsWith('missing_')) {
    const claim = error.reason.slice('missing_'.length) as RequiredClaim;
    const scoped = claim === 'sub' || claim === 'email';
    return `Cloudflare Access sent an identity without its “${claim}” claim (${CLAIMS[claim]}), so nothing was granted. ${
      scoped
        ? 'The server’s Access application must allow that scope: ask whoever manages this server to check it.'
        : 'Start signing in again from your app; if it happens again, ask whoever manages this server to check its Access application.'
    }`;
  }
  return MESSAGES[error.code];
}

function detailOf(error: LoginError): string {
  switch (error.code) {
    case 'access_error':
      return error.accessError;
    case 'id_token_invalid':
      return error.reason;
    case 'token_exchange_failed':
      return `HTTP ${error.status}${error.oauthError ? ` ${error.oauthError}` : ''}`;
    default:
      return error.detail;
  }
}

export function errorPage(error: LoginError): string {
  const reported =
    error.code === 'access_error'
      ? `<p>Cloudflare Access reported: <strong>${escapeHtml(error.accessError)}</strong>${error.description ? ` (“${escapeHtml(error.description)}”)` : ''}</p>`
      : '';
  return page(
    'Sign-in failed',
    `<div class="card"><h1>Sign-in failed</h1><p>${escapeHtml(messageOf(error))}</p>${reported}
<p>Error: <code data-error-code="${escapeHtml(error.code)}">${escapeHtml(error.code)}</code> <code data-error-detail>${escapeHtml(detailOf(error))}</code></p></div>`,
  );
}

export function homePage(origin: string): string {
  return page(
    'Gatehouse MCP server',
    `<div class="card"><h1>Gatehouse MCP server</h1><p>A remote MCP server protected by Cloudflare Access.</p>
<p>MCP endpoint (Streamable HTTP): <code>${escapeHtml(origin)}/mcp</code></p>
<p>Connect with an MCP client; it will sign you in through Cloudflare Access.</p></div>`,
  );
}

export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  // No form-action: browsers apply it to the redirects that follow a submit, and Allow redirects to Access, Deny to
  // the client's own (often private-use) redirect URI.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
} as const;
