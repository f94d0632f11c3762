import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useResourceRead(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (uri: string) => call('resource_read', { serverId, uri }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.exchanges(serverId) }),
  });
}
