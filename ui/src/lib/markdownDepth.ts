// Markdown parsers recurse once per level of nesting: 20,000 `>` in a row overflow the stack. Text that nests
// deeper than any real document does is shown as plain text instead of being parsed.

/** Deeper than this many blockquote, list or emphasis levels, text is not parsed as markdown. */
export const MAX_MARKDOWN_NESTING = 32;

/** Container markers at the start of a line: `>`, list bullets and numbers, with the spaces between them. */
const LINE_PREFIX = /^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;
const MARKER = />|[-+*]|\d{1,9}[.)]/g;
/** Runs of characters that open inline nesting (links, emphasis, code spans, brackets). */
const INLINE_RUN = /[[*_~`(<]{33,}/;

/** How deeply the most nested line of `text` nests its containers (blockquotes, lists). */
export function containerDepth(text: string): number {
  let deepest = 0;
  for (const line of text.split('\n')) {
    const prefix = LINE_PREFIX.exec(line)?.[0];
    if (!prefix) continue;
    const depth = prefix.match(MARKER)?.length ?? 0;
    if (depth > deepest) deepest = depth;
  }
  // List items nest by indentation too: four spaces per level, roughly.
  for (const line of text.split('\n')) {
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    const depth = Math.floor(indent / 2);
    if (depth > deepest && /^[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]/.test(line)) deepest = depth;
  }
  return deepest;
}

/** Whether markdown rendering could recurse too deeply on `text`. */
export function nestsTooDeeply(text: string): boolean {
  return containerDepth(text) > MAX_MARKDOWN_NESTING || INLINE_RUN.test(text);
}
