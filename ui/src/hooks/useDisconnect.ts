import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { forgetSession } from '../lib/queryClient';

export function useDisconnect(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('server_disconnect', { serverId }),
    onSettled: () => forgetSession(client, serverId),
  });
}
