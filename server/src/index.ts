// Wiring only: the front door's input checks, then the OAuth 2.1 provider (metadata, /register, /token, bearer
// checks on /mcp), the Access login as its default handler, and the MCP agent's Durable Object class.
import { type BundleBindings, withBundleIdentity } from './bundle-identity';
import { handle } from './front-door';

export { GatehouseMcp } from './mcp-agent';

export default {
  async fetch(request, env, ctx) {
    return withBundleIdentity(await handle(request, env, ctx), env as Env & BundleBindings);
  },
} satisfies ExportedHandler<Env>;
