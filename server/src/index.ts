// Wiring only: the OAuth 2.1 provider in front (metadata, /register, /token, bearer checks on /mcp), the Access
// login as its default handler, and the MCP agent's Durable Object class.
import { providerFor } from './oauth-options';

export { GatehouseMcp } from './mcp-agent';

export default {
  fetch(request, env, ctx) {
    return providerFor(request).fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
