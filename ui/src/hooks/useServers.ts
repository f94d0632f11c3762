import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useServers() {
  return useQuery({ queryKey: keys.servers, queryFn: () => call('servers_list', null) });
}
