import type { QueryClient } from '@tanstack/react-query';
import type { Exchange } from '../bindings/ipc';
import { keys } from './queryKeys';

/** As many exchanges as the core keeps per session (gatehouse-mcp's EXCHANGES_KEPT). */
export const EXCHANGES_KEPT = 500;

/** Adds an exchange the core just recorded to the session's raw log, if the log was loaded: the Raw tab is live. */
export function appendExchange(client: QueryClient, serverId: string, exchange: Exchange): void {
  client.setQueryData<Exchange[]>(keys.exchanges(serverId), (old) => (old ? [...old, exchange].slice(-EXCHANGES_KEPT) : old));
}
