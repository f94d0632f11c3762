import type { ToolInfo, ToolRef, ToolSummary } from '../bindings/ipc';

/** `n` tools as the list has them; every 7th mentions "Weather", every 2nd has a title. */
export function manyTools(n: number): ToolSummary[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `tool_${i}`,
    title: i % 2 === 0 ? `Tool Number ${i}` : null,
    description: i % 7 === 0 ? `Searches the Weather archive, item ${i}` : `Does thing ${i}`,
    annotations: null,
  }));
}

/** The tools as `tools_list` answers: without their schemas. */
export function toolSummaries(tools: readonly ToolInfo[]): ToolSummary[] {
  return tools.map(({ name, title, description, annotations }) => ({ name, title, description, annotations }));
}

/** What the core answers `tools_list` and `tool_get` (whose request is `req`) with for a server of these `tools`. An
 * unknown tool is refused as the core refuses it. */
export function answerTools(tools: readonly ToolInfo[], cmd: 'tools_list' | 'tool_get', req: unknown): ToolSummary[] | ToolInfo {
  if (cmd === 'tools_list') return toolSummaries(tools);
  const { name, occurrence } = req as ToolRef;
  const found = tools.filter((t) => t.name === name)[occurrence];
  if (!found) throw { code: 'not_found', message: `tool “${name}” not found`, fix: null };
  return found;
}
