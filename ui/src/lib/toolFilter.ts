import type { ToolSummary } from '../bindings/ipc';
import { visibleForm } from './lookalike';

/** A tool with its searchable text lowercased once, so filtering thousands of tools is a loop of `includes`.
 * `key` is unique even when the server sends two tools of one name (`name`, then `name#2`, …), so each can be
 * selected; `occurrence` is the tool's place among those of its name (0 for the first: what `tool_get` is asked),
 * `duplicateName` marks the second and later ones, `looksLikeAnother` a tool whose shown label (title or name,
 * without invisible characters) is the same as another tool's. */
export type IndexedTool = {
  tool: ToolSummary;
  key: string;
  occurrence: number;
  haystack: string;
  duplicateName: boolean;
  looksLikeAnother: boolean;
};

/** Printable ASCII only: nothing hidden, nothing NFKC changes, so its visible form is just its lowercase. */
const PLAIN = /^[\x20-\x7E]*$/;

function shownLabel(text: string): string {
  return PLAIN.test(text) ? text.toLowerCase() : visibleForm(text);
}

export function indexTools(tools: readonly ToolSummary[]): IndexedTool[] {
  const seenNames = new Map<string, number>();
  // Each label once: the first pass counts them, the second reads the count.
  const shown = tools.map((tool) => shownLabel(tool.title ?? tool.name));
  const labels = new Map<string, number>();
  for (const label of shown) labels.set(label, (labels.get(label) ?? 0) + 1);
  return tools.map((tool, i) => {
    const seen = seenNames.get(tool.name) ?? 0;
    seenNames.set(tool.name, seen + 1);
    return {
      tool,
      key: seen === 0 ? tool.name : `${tool.name}#${seen + 1}`,
      occurrence: seen,
      haystack: `${tool.name}\n${tool.title ?? ''}\n${tool.description ?? ''}`.toLowerCase(),
      duplicateName: seen > 0,
      looksLikeAnother: (labels.get(shown[i] ?? '') ?? 0) > 1,
    };
  });
}

/** Tools whose name, title or description contains every whitespace-separated term of `query`, case-insensitive. */
export function filterTools(index: readonly IndexedTool[], query: string): IndexedTool[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index as IndexedTool[];
  return index.filter(({ haystack }) => terms.every((t) => haystack.includes(t)));
}
