import type { ToolInfo } from '../bindings/ipc';
import { visibleForm } from './lookalike';

/** A tool with its searchable text lowercased once, so filtering thousands of tools is a loop of `includes`.
 * `key` is unique even when the server sends two tools of one name (`name`, then `name#2`, …), so each can be
 * selected; `duplicateName` marks the second and later ones, `looksLikeAnother` a tool whose shown label (title or
 * name, without invisible characters) is the same as another tool's. */
export type IndexedTool = { tool: ToolInfo; key: string; haystack: string; duplicateName: boolean; looksLikeAnother: boolean };

export function indexTools(tools: readonly ToolInfo[]): IndexedTool[] {
  const seenNames = new Map<string, number>();
  const labels = new Map<string, number>();
  for (const tool of tools) {
    const label = visibleForm(tool.title ?? tool.name);
    labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  return tools.map((tool) => {
    const seen = seenNames.get(tool.name) ?? 0;
    seenNames.set(tool.name, seen + 1);
    return {
      tool,
      key: seen === 0 ? tool.name : `${tool.name}#${seen + 1}`,
      haystack: `${tool.name}\n${tool.title ?? ''}\n${tool.description ?? ''}`.toLowerCase(),
      duplicateName: seen > 0,
      looksLikeAnother: (labels.get(visibleForm(tool.title ?? tool.name)) ?? 0) > 1,
    };
  });
}

/** Tools whose name, title or description contains every whitespace-separated term of `query`, case-insensitive. */
export function filterTools(index: readonly IndexedTool[], query: string): IndexedTool[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index as IndexedTool[];
  return index.filter(({ haystack }) => terms.every((t) => haystack.includes(t)));
}
