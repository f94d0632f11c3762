import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { forgetSession } from '../lib/queryClient';
import { keys } from '../lib/queryKeys';
import { forgetWork } from '../lib/workKept';

export function useDeleteServer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (serverId: string) => call('server_delete', { serverId }),
    onSuccess: (_res, serverId) => {
      forgetSession(client, serverId);
      forgetWork(serverId);
      client.removeQueries({ queryKey: keys.history(serverId) });
      return client.invalidateQueries({ queryKey: keys.servers });
    },
  });
}
