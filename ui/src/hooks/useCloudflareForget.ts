import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** Forgets the API token kept in the keychain. */
export function useCloudflareForget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call('cloudflare_forget', null),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.cloudflareStatus }),
  });
}
