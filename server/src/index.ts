// Wiring only: the front door's input checks, then the OAuth 2.1 provider (metadata, /register, /token, bearer
// checks on /mcp), the Access login as its default handler, and the MCP agent's Durable Object class.
import { handle } from './front-door';

export { GatehouseMcp } from './mcp-agent';

export default {
  fetch(request, env, ctx) {
    return handle(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
