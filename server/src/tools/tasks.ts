// A tool that runs as a task (the 2025-11-25 tasks utility): `count_slowly` answers tools/call with a task at once,
// counts in the background with progress, and stores its result for tasks/result; tasks/cancel stops it.
import type { ToolTaskHandler } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import type { ToolContext } from './context';

const input = {
  steps: z.number().int().min(1).max(60).default(5).describe('How many steps'),
  delayMs: z.number().int().min(50).max(5000).default(1000).describe('Milliseconds between steps'),
};

type Store = Parameters<ToolTaskHandler<typeof input>['createTask']>[1]['taskStore'];
type Notify = (notification: ServerNotification) => Promise<void>;

/** Counts `steps` in the background, reporting each step, unless the task is cancelled meanwhile. */
export async function countInTask(
  store: Store,
  taskId: string,
  steps: number,
  delayMs: number,
  progress: (done: number) => Promise<void>,
): Promise<void> {
  for (let done = 1; done <= steps; done += 1) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const task = await store.getTask(taskId);
    if (task.status === 'cancelled') return;
    await store.updateTaskStatus(taskId, 'working', `${done} of ${steps} steps`);
    await progress(done).catch(() => undefined);
  }
  const task = await store.getTask(taskId);
  if (task.status === 'cancelled') return;
  await store.storeTaskResult(taskId, 'completed', { content: [{ type: 'text', text: `Counted ${steps} steps as a task.` }] });
}

export function registerTaskTools({ server }: ToolContext): void {
  const notify: Notify = (notification) => server.server.notification(notification);
  server.experimental.tasks.registerToolTask(
    'count_slowly',
    {
      title: 'Count slowly, as a task',
      description: 'Counts `steps` steps, `delayMs` apart, as a task: poll it, watch its progress, fetch the result or cancel it.',
      inputSchema: input,
      annotations: { readOnlyHint: true, openWorldHint: false },
      execution: { taskSupport: 'optional' },
    },
    {
      async createTask({ steps, delayMs }, extra) {
        const task = await extra.taskStore.createTask({ ttl: extra.taskRequestedTtl ?? 10 * 60 * 1000, pollInterval: 500 });
        const token = extra._meta?.progressToken;
        void countInTask(extra.taskStore, task.taskId, steps, delayMs, async (done) => {
          // A debug message per step: logging/setLevel above debug silences them.
          await server.sendLoggingMessage({ level: 'debug', logger: 'count_slowly', data: `step ${done} of ${steps}` }, extra.sessionId);
          if (token === undefined) return;
          await notify({ method: 'notifications/progress', params: { progressToken: token, progress: done, total: steps } });
        }).catch(async (e: unknown) => {
          const message = e instanceof Error ? e.message : String(e);
          await extra.taskStore.storeTaskResult(task.taskId, 'failed', { isError: true, content: [{ type: 'text', text: message }] });
        });
        return { task };
      },
      async getTask(_args, extra) {
        return extra.taskStore.getTask(extra.taskId);
      },
      async getTaskResult(_args, extra) {
        return extra.taskStore.getTaskResult(extra.taskId) as ReturnType<ToolTaskHandler<typeof input>['getTaskResult']>;
      },
    },
  );
}
