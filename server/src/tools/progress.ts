// countdown: a slow tool that reports progress (notifications/progress) when the client sent a progressToken.
import { z } from 'zod';

import type { ToolContext } from './context';

export function registerProgressTools({ server }: ToolContext): void {
  server.registerTool(
    'countdown',
    {
      title: 'Count down with progress',
      description: 'Counts down from `steps`, waiting `delayMs` between steps and sending a progress notification for each.',
      inputSchema: {
        steps: z.number().int().min(1).max(50).default(5).describe('How many steps'),
        delayMs: z.number().int().min(0).max(2000).default(200).describe('Milliseconds between steps'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ steps, delayMs }, extra) => {
      const token = extra._meta?.progressToken;
      for (let done = 1; done <= steps; done += 1) {
        if (extra.signal.aborted) {
          return { isError: true, content: [{ type: 'text', text: `Cancelled after ${done - 1} of ${steps} steps.` }] };
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: done, total: steps, message: `${steps - done} to go` },
          });
        }
      }
      return { content: [{ type: 'text', text: `Lift-off after ${steps} steps.` }] };
    },
  );
}
