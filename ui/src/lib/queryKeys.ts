/** Every TanStack Query key in one place, so invalidation after events cannot drift. */
export const keys = {
  servers: ['servers'] as const,
  connection: (serverId: string) => ['connection', serverId] as const,
  session: (serverId: string) => ['session', serverId] as const,
  tools: (serverId: string) => ['session', serverId, 'tools'] as const,
  resources: (serverId: string) => ['session', serverId, 'resources'] as const,
  prompts: (serverId: string) => ['session', serverId, 'prompts'] as const,
  exchanges: (serverId: string) => ['session', serverId, 'exchanges'] as const,
  history: (serverId: string) => ['history', serverId] as const,
};
