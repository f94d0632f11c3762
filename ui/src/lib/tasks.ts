import type { QueryClient } from '@tanstack/react-query';
import type { TaskInfo } from '../bindings/ipc';
import { beginCall, endCall } from './appState';
import { keys } from './queryKeys';

const FINAL: ReadonlySet<TaskInfo['state']> = new Set(['completed', 'failed', 'cancelled']);

export function isFinal(task: TaskInfo): boolean {
  return FINAL.has(task.state);
}

/** Puts a task the core reported into the server's task list (newest first), and follows its progress while it runs. */
export function mergeTask(list: readonly TaskInfo[] | undefined, task: TaskInfo): TaskInfo[] {
  const rest = (list ?? []).filter((t) => t.taskId !== task.taskId);
  return [task, ...rest].sort((a, b) => b.startedAt - a.startedAt);
}

export function applyTaskChange(client: QueryClient, task: TaskInfo): void {
  // Progress arrives under the task's call id; the global store keeps it while no view shows the task.
  if (isFinal(task)) endCall(task.callId);
  else beginCall(task.callId);
  client.setQueryData<TaskInfo[]>(keys.tasks(task.serverId), (list) => mergeTask(list, task));
}
