import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/**
 * The server's tasks: those the core follows, with what the server lists (`tasks/list`) merged in each time the view
 * opens; `task_changed` events (the core's polls and the status the server pushes) keep the list current.
 */
export function useTasks(serverId: string) {
  return useQuery({ queryKey: keys.tasks(serverId), queryFn: () => call('tasks_list', { serverId }), staleTime: 0 });
}
