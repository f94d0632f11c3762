import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useExchanges(serverId: string, connected: boolean) {
  return useQuery({
    queryKey: keys.exchanges(serverId),
    queryFn: () => call('exchanges_list', { serverId }),
    enabled: connected,
  });
}
