// The MCP server: one McpAgent Durable Object per MCP session (SQLite-backed), speaking Streamable HTTP at /mcp.
// The OAuth provider has already checked the bearer token; the user's verified Access claims arrive as props.
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker-provider.js';
import { McpAgent } from 'agents/mcp';

import { type AccessProps, isAccessProps } from './props';
import { REGISTRATION_COUNTER_PREFIX } from './security/registration';
import { registerClientRequestTools } from './tools/client-requests';
import type { ToolContext } from './tools/context';
import { registerIdentityTools } from './tools/identity';
import { registerLiveResources } from './tools/live';
import { registerMathTools } from './tools/math';
import { registerMediaTools } from './tools/media';
import { registerPlanningTools } from './tools/planning';
import { registerProgressTools } from './tools/progress';
import { registerPrompts } from './tools/prompts';
import { registerResources } from './tools/resources';
import { registerTaskTools } from './tools/tasks';

/** Durable Object storage key of the session's owner (user and client); see security/mcp-guard.ts. */
const OWNER_KEY = 'gatehouse:owner';
const REGISTRATIONS_KEY = 'gatehouse:registrations';

export const SERVER_INFO = { name: 'gatehouse-mcp', title: 'Gatehouse MCP server', version: '0.1.0' } as const;

export class GatehouseMcp extends McpAgent<Env, Record<string, never>, AccessProps> {
  server = new McpServer(SERVER_INFO, {
    instructions: 'A demonstration server behind Cloudflare Access. Call whoami to see who is signed in.',
    // Elicitation answers are checked against their schema; the default validator compiles code, which Workers forbid.
    jsonSchemaValidator: new CfWorkerJsonSchemaValidator(),
    // Tasks (count_slowly) live as long as this session's Durable Object; logging answers logging/setLevel.
    capabilities: { logging: {}, tasks: { requests: { tools: { call: {} } }, list: {}, cancel: {} } },
    taskStore: new InMemoryTaskStore(),
  });

  /** A registration counter (security/registration.ts) shares this class but is no MCP session: nothing to start. */
  override async onStart(props?: AccessProps): Promise<void> {
    if (this.name.startsWith(REGISTRATION_COUNTER_PREFIX)) return;
    await super.onStart(props);
  }

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
    registerLiveResources(context);
    registerTaskTools(context);
    registerPrompts(context);
    registerClientRequestTools(context);
  }

  /** Binds a new session to its owner; true when it is (now) theirs. Called once, right after initialize. */
  async claimOwner(owner: string): Promise<boolean> {
    const current = await this.ctx.storage.get<string>(OWNER_KEY);
    if (current !== undefined) return current === owner;
    await this.ctx.storage.put(OWNER_KEY, owner);
    return true;
  }

  /**
   * Registration rate limit (security/registration.ts): this object, named `registrations:<address>`, counts the
   * address's registrations in a sliding window. Durable Objects run one call at a time, so the count is exact.
   */
  async countRegistration(limit: number, windowSeconds: number): Promise<boolean> {
    const now = Date.now();
    const recent = ((await this.ctx.storage.get<number[]>(REGISTRATIONS_KEY)) ?? []).filter((t) => now - t < windowSeconds * 1000);
    if (recent.length >= limit) return false;
    recent.push(now);
    await this.ctx.storage.put(REGISTRATIONS_KEY, recent);
    return true;
  }

  /** Whether this session exists and belongs to `owner`. */
  async isOwnedBy(owner: string): Promise<boolean> {
    return (await this.ctx.storage.get<string>(OWNER_KEY)) === owner;
  }
}
