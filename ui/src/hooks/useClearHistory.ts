import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useClearHistory(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('history_clear', { serverId }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.history(serverId) }),
  });
}
