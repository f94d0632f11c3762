import type { QueryClient } from '@tanstack/react-query';
import type { Exchange, RawMessage, RawMessages } from '../bindings/ipc';
import { keys } from './queryKeys';

/** As many exchanges as the core keeps per session (gatehouse-mcp's EXCHANGES_KEPT). */
export const EXCHANGES_KEPT = 500;

/** Adds an exchange the core just recorded to the session's raw log, if the log was loaded: the Raw tab is live. */
export function appendExchange(client: QueryClient, serverId: string, exchange: Exchange): void {
  client.setQueryData<Exchange[]>(keys.exchanges(serverId), (old) => (old ? [...old, exchange].slice(-EXCHANGES_KEPT) : old));
}

/** Adds (or, for a server's request that was just answered, replaces) the messages the core recorded, if the log
 * was loaded; keeps as many as the core does and counts the rest as dropped. When the core left some out of the
 * batch (`more`), the log is fetched again. */
export function addRawMessages(client: QueryClient, serverId: string, messages: RawMessage[], more: boolean): void {
  client.setQueryData<RawMessages>(keys.rawMessages(serverId), (old) => {
    if (!old) return old;
    const bySeq = new Map(old.messages.map((m) => [m.seq, m]));
    for (const m of messages) bySeq.set(m.seq, m);
    const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const excess = Math.max(0, all.length - old.keptAtMost);
    return { ...old, messages: excess ? all.slice(excess) : all, dropped: old.dropped + excess };
  });
  if (more) void client.invalidateQueries({ queryKey: keys.rawMessages(serverId), exact: true });
}

/** A message (or answer) the core lists as a preview because it is large. */
export type Preview = { truncated: true; bytes: number; preview: string };

export function asPreview(value: unknown): Preview | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  return v.truncated === true && typeof v.bytes === 'number' && typeof v.preview === 'string' ? (v as Preview) : null;
}
