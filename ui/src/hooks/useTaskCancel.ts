import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { applyTaskChange } from '../lib/tasks';

export function useTaskCancel(serverId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => call('task_cancel', { serverId, taskId }),
    onSuccess: (task) => applyTaskChange(client, task),
  });
}
