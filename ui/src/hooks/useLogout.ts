import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { connect } from '../lib/queryClient';

/** Forgets the credentials, then reconnects so the page shows what the server says without them. */
export function useLogout(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('logout', { serverId }),
    onSuccess: () => connect(client, serverId),
  });
}
