import type { ToolInfo } from '../bindings/ipc';

/** `n` tools; every 7th mentions "Weather", every 2nd has a title. */
export function manyTools(n: number): ToolInfo[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `tool_${i}`,
    title: i % 2 === 0 ? `Tool Number ${i}` : null,
    description: i % 7 === 0 ? `Searches the Weather archive, item ${i}` : `Does thing ${i}`,
    inputSchema: { type: 'object' },
    outputSchema: null,
    annotations: null,
  }));
}
