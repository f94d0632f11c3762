import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function usePromptGet(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, args }: { name: string; args: Record<string, string> }) =>
      call('prompt_get', { serverId, name, arguments: args }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.exchanges(serverId) }),
  });
}
