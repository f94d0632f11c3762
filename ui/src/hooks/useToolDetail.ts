import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** One tool with its input and output schemas, read from the core's copy of the latest list (the server is not asked
 * again). `occurrence` tells apart tools the server listed under one name (0 for the first). Kept until the list is
 * read again (`useTools` then marks it stale). */
export function useToolDetail(serverId: string, name: string | null, occurrence = 0) {
  return useQuery({
    queryKey: keys.toolDetail(serverId, name ?? '', occurrence),
    queryFn: () => call('tool_get', { serverId, name: name ?? '', occurrence }),
    enabled: name !== null,
    staleTime: Infinity,
  });
}
