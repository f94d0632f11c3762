#!/usr/bin/env node
// Starts the Access stand-in with one app and prints one JSON line describing it.
//   node tests/access/src/cli.mjs --client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI2]
//     [--port N] [--host 127.0.0.1] [--auto-login EMAIL] [--pin 123456] [--allow EMAIL ...] [--groups a,b]
//     [--no-refresh] [--no-require-pkce] [--scope openid --scope email ...] [--refusal block-page|error-redirect]
import { parseArgs } from 'node:util';
import { createAccessServer } from './index.mjs';

const { values } = parseArgs({
  options: {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'auto-login': { type: 'string' },
    pin: { type: 'string' },
    allow: { type: 'string', multiple: true },
    groups: { type: 'string' },
    refresh: { type: 'boolean', default: true },
    'require-pkce': { type: 'boolean', default: true },
    scope: { type: 'string', multiple: true },
    refusal: { type: 'string', default: 'block-page' },
  },
  strict: true,
  allowNegative: true,
});

const access = await createAccessServer({
  host: values.host,
  port: Number(values.port),
  autoLoginEmail: values['auto-login'] ?? null,
  pin: values.pin ?? null,
  refusal: /** @type {import('./index.mjs').RefusalMode} */ (values.refusal),
});

/** @type {Record<string, unknown>} */
const out = { access: access.baseUrl, authDomain: access.authDomain };
if (values['client-id']) {
  if (!values['client-secret'] || !values['redirect-uri']?.length) {
    process.stderr.write('--client-secret and --redirect-uri are required with --client-id\n');
    process.exit(2);
  }
  const allow = values.allow?.map((email) => email.toLowerCase());
  const app = access.addApp({
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    redirectUris: values['redirect-uri'],
    grantTypes: [
      values['require-pkce'] ? 'authorization_code_with_pkce' : 'authorization_code',
      ...(values.refresh ? /** @type {const} */ (['refresh_tokens']) : []),
    ],
    isAllowed: allow ? (email) => allow.includes(email.toLowerCase()) : () => true,
    groups: values.groups ? values.groups.split(',') : [],
    ...(values.scope ? { scopes: values.scope } : {}),
  });
  out.app = app;
}
process.stdout.write(`${JSON.stringify(out)}\n`);

const stop = () => {
  access.close().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
