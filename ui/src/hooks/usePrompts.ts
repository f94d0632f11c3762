import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function usePrompts(serverId: string, connected: boolean) {
  return useQuery({
    queryKey: keys.prompts(serverId),
    queryFn: () => call('prompts_list', { serverId }),
    enabled: connected,
  });
}
