import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useTools(serverId: string, connected: boolean) {
  return useQuery({
    queryKey: keys.tools(serverId),
    queryFn: () => call('tools_list', { serverId }),
    enabled: connected,
  });
}
