// The pages that stand in for Access's one-time-PIN login, and its default block page.

/** @param {string} value */
const escape = (value) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const style = `<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}
input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.25rem 0}.error{color:#b00020}</style>`;

/** Access's default block message ("Cloudflare default" block page setting). */
export const BLOCK_MESSAGE = 'That account does not have access.';

/**
 * @param {{ action: string, appName: string, error?: string }} args
 */
export function loginPage({ action, appName, error }) {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign in · Cloudflare Access (local)</title>${style}
<h1>Sign in</h1><p>to <strong>${escape(appName)}</strong> with a one-time code sent to your email.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${escape(action)}">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required autofocus>
<button type="submit">Send me a code</button></form></html>`;
}

/**
 * What Access shows a user its policy refuses, by default: the login page again, with the block message under
 * the logo, and nothing sent back to the application. `data-access-blocked` lets test browsers recognise it.
 * @param {{ action: string, appName: string, email: string }} args
 */
export function blockPage({ action, appName, email }) {
  return `<!doctype html><html lang="en" data-access-blocked><meta charset="utf-8"><title>Sign in · Cloudflare Access (local)</title>${style}
<h1>Sign in</h1><p class="error" role="alert">${escape(BLOCK_MESSAGE)}</p>
<p>You signed in as <strong>${escape(email)}</strong>; the Access policy of <strong>${escape(appName)}</strong> does not include it.</p>
<form method="post" action="${escape(action)}">
<label for="email">Sign in with another email</label><input id="email" name="email" type="email" autocomplete="email" required>
<button type="submit">Send me a code</button></form></html>`;
}

/**
 * @param {{ action: string, email: string, error?: string }} args
 */
export function pinPage({ action, email, error }) {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Enter code · Cloudflare Access (local)</title>${style}
<h1>Check your email</h1><p>A code was "sent" to <strong>${escape(email)}</strong>.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${escape(action)}">
<input type="hidden" name="email" value="${escape(email)}">
<label for="pin">Code</label><input id="pin" name="pin" inputmode="numeric" autocomplete="one-time-code" required autofocus>
<button type="submit">Sign in</button></form></html>`;
}

/**
 * Reads an application/x-www-form-urlencoded body (at most 16 KiB).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<URLSearchParams>}
 */
export async function readForm(req) {
  let size = 0;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
