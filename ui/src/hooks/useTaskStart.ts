import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TaskStartRequest } from '../bindings/ipc';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';
import { applyTaskChange } from '../lib/tasks';

export function useTaskStart(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: Omit<TaskStartRequest, 'serverId'>) => call('task_start', { serverId, ...req }),
    onSuccess: (task) => applyTaskChange(client, task),
    onSettled: () => client.invalidateQueries({ queryKey: keys.exchanges(serverId) }),
  });
}
