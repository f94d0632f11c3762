import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** The tasks started on this server, kept by the core; `task_changed` events keep the list current. */
export function useTasks(serverId: string) {
  return useQuery({ queryKey: keys.tasks(serverId), queryFn: () => call('tasks_list', { serverId }) });
}
