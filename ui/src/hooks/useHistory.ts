import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useHistory(serverId: string) {
  return useQuery({ queryKey: keys.history(serverId), queryFn: () => call('history_list', { serverId }) });
}
