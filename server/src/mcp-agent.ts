// The MCP server: one McpAgent Durable Object per MCP session (SQLite-backed), speaking Streamable HTTP at /mcp.
// The OAuth provider has already checked the bearer token; the user's verified Access claims arrive as props.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpAgent } from 'agents/mcp';

import { type AccessProps, isAccessProps } from './props';
import type { ToolContext } from './tools/context';
import { registerIdentityTools } from './tools/identity';
import { registerMathTools } from './tools/math';
import { registerMediaTools } from './tools/media';
import { registerPlanningTools } from './tools/planning';
import { registerProgressTools } from './tools/progress';
import { registerPrompts } from './tools/prompts';
import { registerResources } from './tools/resources';

export const SERVER_INFO = { name: 'gatehouse-mcp', title: 'Gatehouse MCP server', version: '0.1.0' } as const;

export class GatehouseMcp extends McpAgent<Env, Record<string, never>, AccessProps> {
  server = new McpServer(SERVER_INFO, {
    instructions: 'A demonstration server behind Cloudflare Access. Call whoami to see who is signed in.',
  });

  async init(): Promise<void> {
    const context: ToolContext = {
      server: this.server,
      user: () => (isAccessProps(this.props) ? this.props : null),
    };
    registerIdentityTools(context);
    registerMathTools(context);
    registerProgressTools(context);
    registerMediaTools(context);
    registerPlanningTools(context);
    registerResources(context);
    registerPrompts(context);
  }
}
