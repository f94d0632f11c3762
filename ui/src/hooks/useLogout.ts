import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pushToast } from '../lib/appState';
import { call } from '../lib/ipc';
import { connect } from '../lib/queryClient';

/** Forgets the credentials, then reconnects so the page shows what the server says without them. */
export function useLogout(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('logout', { serverId }),
    onError: (error) => pushToast({ tone: 'error', title: 'Could not log out', error }),
    onSuccess: () => connect(client, serverId),
  });
}
