// Unit tests in workerd, through @cloudflare/vitest-plugin (the renamed @cloudflare/vitest-pool-workers): the
// Worker's modules and its bindings (KV, the SQLite Durable Object) run in the real runtime.
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.jsonc' },
      miniflare: {
        // Local values for the six secrets; the Access URLs point nowhere, unit tests never reach them.
        bindings: {
          ACCESS_CLIENT_ID: 'unit-client',
          ACCESS_CLIENT_SECRET: 'unit-secret',
          ACCESS_TOKEN_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/unit-client/token',
          ACCESS_AUTHORIZATION_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/unit-client/authorization',
          ACCESS_JWKS_URL: 'https://team.cloudflareaccess.com/cdn-cgi/access/sso/oidc/unit-client/jwks',
          COOKIE_ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef',
          // What the app adds to an upload: which bundle this is (src/bundle-identity.ts).
          GATEHOUSE_BUNDLE: '0123456789abcdef',
          GATEHOUSE_VERSION: '0.1.0',
        },
        cf: { colo: 'LOC', country: 'ZZ' },
      },
    }),
  ],
  test: {
    include: ['test/unit/**/*.test.ts'],
    // The first request imports the whole Worker (agents, the MCP SDK), which takes seconds on a small machine.
    testTimeout: 30_000,
  },
});
