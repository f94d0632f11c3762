#!/usr/bin/env node
// `make server`: builds if needed, starts the Access stand-in and the Worker on 127.0.0.1, prints one JSON line
// on stdout, then stays in the foreground until SIGINT/SIGTERM.
//
// Flags (or environment variables):
//   --port N            GATEHOUSE_PORT            the Worker's port (default: free port)
//   --access-port N     GATEHOUSE_ACCESS_PORT     the stand-in's port (default: free port)
//   --auto-login EMAIL  GATEHOUSE_AUTO_LOGIN      log this user in at Access without a page
//   --allow EMAIL ...   GATEHOUSE_ALLOWED_EMAILS  (comma-separated) only these users pass the Access policy
//   --groups a,b        GATEHOUSE_GROUPS          the groups claim (default gatehouse-users)
//   --pin CODE          GATEHOUSE_PIN             the login page asks for this one-time PIN
//   --refusal MODE      GATEHOUSE_ACCESS_REFUSAL  a user the policy refuses gets Access's block page (block-page,
//                                                 the default) or goes back to the client (error-redirect)
//   --rebuild                                     build even if dist/ looks current
//   --log-level L       GATEHOUSE_LOG_LEVEL       Miniflare log level: debug|info|warn|error|none (default warn)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { needsBuild, serverRoot, startStack } from './stack.mjs';

process.env.WRANGLER_SEND_METRICS = 'false';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'access-port': { type: 'string' },
    'auto-login': { type: 'string' },
    allow: { type: 'string', multiple: true },
    groups: { type: 'string' },
    pin: { type: 'string' },
    refusal: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    'log-level': { type: 'string' },
  },
  strict: true,
});
const env = process.env;
/** @param {string | undefined} v */
const port = (v) => (v === undefined || v === '' ? undefined : Number(v));
const list = (/** @type {string | undefined} */ v) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

if (values.rebuild || needsBuild()) {
  process.stderr.write('dev: building dist/ …\n');
  const built = spawnSync(process.execPath, [join(serverRoot, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const allowed = values.allow ?? list(env.GATEHOUSE_ALLOWED_EMAILS) ?? null;
const stack = await startStack({
  port: port(values.port ?? env.GATEHOUSE_PORT),
  accessPort: port(values['access-port'] ?? env.GATEHOUSE_ACCESS_PORT),
  autoLoginEmail: values['auto-login'] ?? env.GATEHOUSE_AUTO_LOGIN ?? null,
  allowedEmails: allowed,
  groups: list(values.groups ?? env.GATEHOUSE_GROUPS),
  pin: values.pin ?? env.GATEHOUSE_PIN ?? null,
  refusal: /** @type {'block-page' | 'error-redirect'} */ (values.refusal ?? env.GATEHOUSE_ACCESS_REFUSAL ?? 'block-page'),
  logLevel: /** @type {'debug' | 'info' | 'warn' | 'error' | 'none'} */ (values['log-level'] ?? env.GATEHOUSE_LOG_LEVEL ?? 'warn'),
});

process.stdout.write(
  `${JSON.stringify({
    mcp: stack.mcp,
    access: stack.access.baseUrl,
    origin: stack.origin,
    authDomain: stack.access.authDomain,
    accessClientId: stack.accessClientId,
    accessIssuer: stack.issuer,
    protectedResourceMetadata: `${stack.origin}/.well-known/oauth-protected-resource/mcp`,
    authorizationServerMetadata: `${stack.origin}/.well-known/oauth-authorization-server`,
    autoLoginEmail: values['auto-login'] ?? env.GATEHOUSE_AUTO_LOGIN ?? null,
    allowedEmails: allowed,
  })}\n`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
