import { QueryClient, type QueryClient as QC } from '@tanstack/react-query';
import type { ConnectOutcome, IpcError } from '../bindings/ipc';
import { call } from './ipc';
import { keys } from './queryKeys';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: IpcError;
  }
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The core already retries where retrying is right; a second attempt here would only hide the error.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

/** The session with a server lives in the query cache under `keys.connection`; it is only ever fetched on purpose. */
export function connectionOptions(serverId: string) {
  return {
    queryKey: keys.connection(serverId),
    queryFn: (): Promise<ConnectOutcome> => call('server_connect', { serverId }),
    enabled: false,
    staleTime: Infinity,
    gcTime: Infinity,
  } as const;
}

/** Connects (again) and records the outcome; errors land in the query's error state. */
export async function connect(client: QC, serverId: string): Promise<void> {
  client.removeQueries({ queryKey: keys.session(serverId) });
  const { queryKey, queryFn } = connectionOptions(serverId);
  await client.query({ queryKey, queryFn, staleTime: 0, gcTime: Infinity }).catch(() => undefined);
}

/** Forgets everything cached about a server's session. */
export function forgetSession(client: QC, serverId: string): void {
  // Reset (not remove) the connection so the page observing it re-renders as disconnected; being disabled, it is
  // not refetched.
  void client.resetQueries({ queryKey: keys.connection(serverId), exact: true });
  client.removeQueries({ queryKey: keys.session(serverId) });
}
