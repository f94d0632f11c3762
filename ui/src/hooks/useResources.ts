import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useResources(serverId: string, connected: boolean) {
  return useQuery({
    queryKey: keys.resources(serverId),
    queryFn: () => call('resources_list', { serverId }),
    enabled: connected,
  });
}
