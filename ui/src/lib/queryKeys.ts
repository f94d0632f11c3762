/** Every TanStack Query key in one place, so invalidation after events cannot drift. */
export const keys = {
  servers: ['servers'] as const,
  connection: (serverId: string) => ['connection', serverId] as const,
  session: (serverId: string) => ['session', serverId] as const,
  tools: (serverId: string) => ['session', serverId, 'tools'] as const,
  /** Whole tools (with schemas), fetched one at a time as they are selected; `occurrence` as in `ToolRef`. */
  toolDetails: (serverId: string) => ['session', serverId, 'tool'] as const,
  toolDetail: (serverId: string, name: string, occurrence: number) => ['session', serverId, 'tool', name, occurrence] as const,
  resources: (serverId: string) => ['session', serverId, 'resources'] as const,
  prompts: (serverId: string) => ['session', serverId, 'prompts'] as const,
  exchanges: (serverId: string) => ['session', serverId, 'exchanges'] as const,
  rawMessages: (serverId: string) => ['session', serverId, 'raw-messages'] as const,
  history: (serverId: string) => ['history', serverId] as const,
  /** Tasks outlive the session (and its queries): they have their own key. */
  tasks: (serverId: string) => ['tasks', serverId] as const,
  subscriptions: (serverId: string) => ['session', serverId, 'subscriptions'] as const,
  cloudflareStatus: ['cloudflare', 'status'] as const,
  accountCheck: (accountId: string) => ['cloudflare', 'account', accountId] as const,
  redirectUrl: (accountId: string, name: string) => ['cloudflare', 'redirect-url', accountId, name] as const,
  deployments: ['deployments'] as const,
  deploymentHealth: (name: string) => ['deployments', name, 'health'] as const,
  /** The deployments as they were when the app started: the resume prompt reads this, and nothing invalidates it. */
  deploymentsAtStart: ['deployments-at-start'] as const,
  updateStatus: ['update-status'] as const,
};
