#!/usr/bin/env node
// Plays the user's browser through an OAuth login, for tests: follows redirects with cookies,
// approves the Worker's consent page, fills the Access stand-in's email page, and stops at the
// client's redirect URI (or fails at Access's block page, naming it `access_blocked`). Prints that final URL on stdout. With --deliver, a loopback redirect is
// also requested, as a browser would, so the waiting listener receives it.
//
//   node tests/support/play-browser.mjs AUTHORIZATION_URL [--email EMAIL] [--deliver] [--deny]
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, deliver: { type: 'boolean' }, deny: { type: 'boolean' } },
});
const [start] = positionals;
if (!start) {
  console.error('usage: play-browser.mjs AUTHORIZATION_URL [--email EMAIL] [--deliver] [--deny]');
  process.exit(2);
}
const redirectUri = new URL(start).searchParams.get('redirect_uri') ?? '';
const cookies = new Map();

async function request(url, init = {}) {
  const headers = new Headers(init.headers);
  if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/max-age=0\b/i.test(line) || value === '') cookies.delete(name);
    else cookies.set(name, value);
  }
  return res;
}

function isRedirectTarget(url) {
  return redirectUri !== '' && url.startsWith(redirectUri);
}

let current = new URL(start);
let init = {};
for (let step = 0; step < 25; step += 1) {
  if (isRedirectTarget(current.href) || !/^https?:$/.test(current.protocol)) {
    if (values.deliver && /^https?:$/.test(current.protocol)) await fetch(current.href);
    console.log(current.href);
    process.exit(0);
  }
  const res = await request(current.href, init);
  init = {};
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    current = new URL(location, current);
    continue;
  }
  const html = await res.text();
  const handle = /name="handle" value="([^"]+)"/.exec(html)?.[1];
  if (handle) {
    // The Worker's consent page.
    const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '/authorize';
    current = new URL(action.replace(/&amp;/g, '&').replace(/&#47;/g, '/'), current);
    init = { method: 'POST', body: new URLSearchParams({ handle, decision: values.deny ? 'deny' : 'approve' }) };
    continue;
  }
  if (/data-access-blocked/.test(html)) {
    // Access's block page: the policy refused this user, and the browser never goes back to the client.
    console.error(`stopped at ${current.origin}${current.pathname} with HTTP ${res.status} (access_blocked: That account does not have access)`);
    process.exit(1);
  }
  const emailForm = /<form[^>]*action="([^"]+)"[\s\S]*?name="email"/.exec(html);
  if (emailForm && values.email) {
    // The Access stand-in's login page.
    current = new URL(emailForm[1].replace(/&amp;/g, '&').replace(/&#47;/g, '/'), current);
    init = { method: 'POST', body: new URLSearchParams({ email: values.email }) };
    continue;
  }
  const code = /data-error-code="([^"]+)"/.exec(html)?.[1];
  console.error(`stopped at ${current.origin}${current.pathname} with HTTP ${res.status}${code ? ` (${code})` : ''}`);
  process.exit(1);
}
console.error('too many steps');
process.exit(1);
