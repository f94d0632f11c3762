import type { ToolInfo } from '../bindings/ipc';

/** A tool with its searchable text lowercased once, so filtering thousands of tools is a loop of `includes`. */
export type IndexedTool = { tool: ToolInfo; haystack: string };

export function indexTools(tools: readonly ToolInfo[]): IndexedTool[] {
  return tools.map((tool) => ({
    tool,
    haystack: `${tool.name}\n${tool.title ?? ''}\n${tool.description ?? ''}`.toLowerCase(),
  }));
}

/** Tools whose name, title or description contains every whitespace-separated term of `query`, case-insensitive. */
export function filterTools(index: readonly IndexedTool[], query: string): IndexedTool[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index as IndexedTool[];
  return index.filter(({ haystack }) => terms.every((t) => haystack.includes(t)));
}
