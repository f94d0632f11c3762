import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pushToast } from '../lib/appState';
import { call } from '../lib/ipc';
import { forgetSession } from '../lib/queryClient';

export function useDisconnect(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('server_disconnect', { serverId }),
    onError: (error) => pushToast({ tone: 'error', title: 'Could not disconnect cleanly', error }),
    onSettled: () => forgetSession(client, serverId),
  });
}
