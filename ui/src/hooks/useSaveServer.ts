import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ServerProfileInput } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useSaveServer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ServerProfileInput) => call('server_save', input),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.servers }),
  });
}
