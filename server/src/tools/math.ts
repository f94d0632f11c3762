// add, and statistics (an outputSchema with structuredContent).
import { z } from 'zod';

import type { ToolContext } from './context';

export function summarize(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const mean = sum / count;
  const variance = sorted.reduce((acc, v) => acc + (v - mean) ** 2, 0) / count;
  return { count, sum, mean, median, min: sorted[0] ?? 0, max: sorted[count - 1] ?? 0, stddev: Math.sqrt(variance) };
}

export function registerMathTools({ server }: ToolContext): void {
  server.registerTool(
    'add',
    {
      title: 'Add two numbers',
      description: 'Adds a and b.',
      inputSchema: { a: z.number().describe('First addend'), b: z.number().describe('Second addend') },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );

  server.registerTool(
    'statistics',
    {
      title: 'Describe a list of numbers',
      description: 'Count, sum, mean, median, min, max and standard deviation of the given numbers, as structured content.',
      inputSchema: { values: z.array(z.number()).min(1).max(10_000).describe('The numbers to describe') },
      outputSchema: {
        count: z.number().int(),
        sum: z.number(),
        mean: z.number(),
        median: z.number(),
        min: z.number(),
        max: z.number(),
        stddev: z.number(),
      },
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ values }) => {
      const stats = summarize(values);
      return { content: [{ type: 'text', text: JSON.stringify(stats) }], structuredContent: stats };
    },
  );
}
