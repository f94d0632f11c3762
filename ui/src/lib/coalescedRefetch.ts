import type { QueryClient, QueryKey } from '@tanstack/react-query';

/** Per query key: whether another change came in while a refetch was running. */
const running = new Map<string, { again: boolean }>();

/** Refetches a list after the server said it changed, at most one request at a time per list: changes that arrive
 * while a refetch runs are folded into one more refetch after it. 3,000 `list_changed` notifications cost two
 * requests, not 3,001. */
export function refetchCoalesced(client: QueryClient, queryKey: QueryKey): Promise<void> {
  const id = JSON.stringify(queryKey);
  const current = running.get(id);
  if (current) {
    current.again = true;
    return Promise.resolve();
  }
  const state = { again: false };
  running.set(id, state);
  return client
    .invalidateQueries({ queryKey })
    .catch(() => undefined)
    .then(() => {
      running.delete(id);
      if (state.again) return refetchCoalesced(client, queryKey);
    });
}
